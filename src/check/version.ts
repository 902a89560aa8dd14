// The oldest Podman the units must work with decides which Quadlet keys mcquad may write. The
// units are built here exactly as `build` would, and every key (and key=value, such as
// Notify=healthy) is looked up in the table of when Quadlet introduced it (quadlet-keys.ts).
// A key the target version lacks would make its Quadlet skip the whole file at boot.
import type { Model } from "../analyze.js";
import type { Path, Service } from "../inventory/model.js";
import { buildContainerUnit } from "../units/container.js";
import { compareVersions, findQuadletKey, keySince, valueSince } from "../units/quadlet-keys.js";
import { type Finding, error } from "../report/finding.js";

/** Which inventory field asks for a key, so the error points at what the user wrote. */
const cause: Readonly<Record<string, readonly string[]>> = {
  Pull: ["pull"],
  Network: ["network"],
  User: ["user"],
  Group: ["user"],
  PublishPort: ["ports"],
  Volume: ["volumes"],
  Environment: ["environment"],
  Exec: ["args"],
  ContainerName: ["container_name"],
};

export function checkVersion({ inventory, graph }: Model): Finding[] {
  return inventory.services
    .filter((s) => s.stage >= 1 && s.stage <= inventory.stages.length)
    .flatMap((service) => {
      const unit = buildContainerUnit(service, { inventory, graph, source: "" });
      return unit.sections.flatMap((section) => section.entries.flatMap((e) => tooNew(service, section.name, e.key, e.value, inventory.podman)));
    });
}

function tooNew(service: Service, section: string, key: string, value: string, target: string): Finding[] {
  if (section !== "Container" && section !== "Install") return [];
  const since = [keySince(section, key), valueSince(section, key, value)].filter((v): v is string => v !== undefined).sort(compareVersions).pop();
  if (findQuadletKey(section, key) === undefined) return [error(service.path, `internal: Quadlet key ${key}= is missing from the version table`)];
  if (since === undefined || compareVersions(since, target) <= 0) return [];
  const path: Path = [...service.path, ...(cause[key] ?? (key.startsWith("Health") || key === "Notify" ? ["health"] : []))];
  return [error(path, `${key}=${value} needs Podman ${since}, but the inventory targets ${target}`, `raise podman: to "${since}" or later, or drop what needs it`)];
}
