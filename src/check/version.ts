// The oldest Podman the units must work with decides which Quadlet keys mcquad may write. Every
// key (and key=value, such as Notify=healthy) of the units as built is looked up in the table of
// when Quadlet introduced it (quadlet-keys.ts). A key the target version lacks would make its
// Quadlet skip the whole file at boot.
import type { Path, Service } from "../inventory/model.js";
import type { HostUnits } from "../units/build.js";
import { compareVersions, findQuadletKey, valueSince } from "../units/quadlet-keys.js";
import { type Finding, error } from "../report/finding.js";
import { findSystemdKey } from "../units/systemd-keys.js";

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

export function checkVersion(hosts: readonly HostUnits[], target: string): Finding[] {
  const since = versionLookup();
  const newer = new Map<string, boolean>();
  const isNewer = (v: string): boolean => newer.get(v) ?? (newer.set(v, compareVersions(v, target) > 0), newer.get(v) as boolean);
  const findings: Finding[] = [];
  for (const { unit, service } of hosts.flatMap((h) => h.units)) {
    if (!service) continue;
    for (const section of unit.sections) {
      if (section.name !== "Container" && section.name !== "Install") continue;
      for (const { key, value } of section.entries) {
        const needed = since(section.name, key, value);
        if (isNewer(needed)) findings.push(tooNew(service, key, value, needed, target));
      }
    }
  }
  return findings;
}

/** The first version accepting key=value, cached: most values share their key's version. */
function versionLookup(): (section: string, key: string, value: string) => string {
  const cache = new Map<string, string>();
  return (section, key, value) => {
    const entry = findQuadletKey(section, key);
    if (!entry) throw new Error(`Quadlet key ${section}.${key} is missing from the version table`);
    const id = entry.valueSince?.[value] === undefined ? `${section}.${key}` : `${section}.${key}=${value}`;
    let since = cache.get(id);
    if (since === undefined) cache.set(id, (since = valueSince(section, key, value) as string));
    return since;
  };
}

function tooNew(service: Service, key: string, value: string, since: string, target: string): Finding {
  const path: Path = [...service.path, ...(cause[key] ?? (key.startsWith("Health") || key === "Notify" ? ["health"] : []))];
  return error(path, `${key}=${value} needs Podman ${since}, but the inventory targets ${target}`, `raise podman: to "${since}" or later, or drop what needs it`);
}

/**
 * The same for systemd's own keys ([Unit], [Service], [Install]; systemd-keys.ts), against the
 * inventory's `systemd:`. One finding per key, at `systemd`: the units need what they use.
 */
export function checkSystemdVersion(hosts: readonly HostUnits[], target: string): Finding[] {
  const needed = new Map<string, string>();
  for (const { unit } of hosts.flatMap((h) => h.units)) {
    for (const section of unit.sections) {
      if (section.name === "Container") continue;
      for (const { key } of section.entries) {
        const known = findSystemdKey(section.name, key);
        if (!known) throw new Error(`systemd key ${section.name}.${key} is missing from the version table`);
        if (Number(known.since) > Number(target)) needed.set(`${key}=`, known.since);
      }
    }
  }
  return [...needed].map(([key, since]) => error(["systemd"], `${key} needs systemd ${since}, but the inventory targets ${target}`, `raise systemd: to "${since}" or later`));
}
