// Image rules: a pinned tag, so a rebuilt unit starts the same image; and no pulling before the
// registry that serves the image can be reached, since at boot that pull can only hang or fail.
import type { Inventory, Service } from "../inventory/model.js";
import { type ServiceGraph, unknownService } from "../graph/graph.js";
import { canReachRegistry } from "../graph/policy.js";
import { type Finding, error } from "../report/finding.js";
import { imageReferenceProblem } from "./image-reference.js";

export function checkImages(inventory: Inventory, graph: ServiceGraph): Finding[] {
  return [...registryFindings(inventory, graph), ...inventory.services.flatMap((s) => imageFindings(s, inventory, graph))];
}

function imageFindings(s: Service, inventory: Inventory, graph: ServiceGraph): Finding[] {
  const findings: Finding[] = [];
  // The written reference passed the schema; the registry prefix can still make it one podman refuses.
  const problem = imageReferenceProblem(s.image);
  if (problem !== undefined) findings.push(error([...s.path, "image"], `image "${s.image}", with the registry prefix, is not an image reference podman accepts: ${problem}`, "shorten the name or fix registry.prefix"));
  const tag = imageTag(s.image);
  if (tag === undefined || tag === "latest") {
    findings.push(error([...s.path, "image"], `image "${s.image}" is not pinned (${tag === undefined ? "no tag" : "tag latest"})`, "name a version tag such as :v1.2.0, or a digest @sha256:…"));
  }
  if (s.pull !== undefined && s.pull !== "never" && !canReachRegistry(inventory, graph, s)) {
    const servers = inventory.registry?.servedBy.join(", ") ?? "";
    findings.push(error([...s.path, "pull"], `${s.name} may start before the registry is reachable (served by ${servers}) but would pull from it`, "use pull: never and pre-stage the image (podman load), or order the service after the registry"));
  }
  return findings;
}

/** The tag of an image reference, undefined when it has none; a digest counts as pinned. */
export function imageTag(image: string): string | undefined {
  if (image.includes("@")) return image.slice(image.indexOf("@") + 1);
  const last = image.slice(image.lastIndexOf("/") + 1);
  return last.includes(":") ? last.slice(last.indexOf(":") + 1) : undefined;
}

function registryFindings(inventory: Inventory, graph: ServiceGraph): Finding[] {
  return (inventory.registry?.servedBy ?? []).flatMap((name, i) =>
    unknownService(graph, name, ["registry", "served_by", i]),
  );
}
