// Values derived from the boot order rather than written by the user: the pull policy and the
// start timeout. Derived once here, so units, plan and checks agree.
import type { Inventory, Pull, Service } from "../inventory/model.js";
import { healthBudgetSec } from "../inventory/health.js";
import { startsAfter, type ServiceGraph } from "./graph.js";

/**
 * Whether the service can only start once every service that serves the registry is up. An
 * image from elsewhere (another registry, localhost) is not the platform registry's concern.
 */
export function canReachRegistry(inventory: Inventory, graph: ServiceGraph, service: Service): boolean {
  // Asked by the units, the plan, the checks and the runbook: walked once per service.
  let known = reachable.get(graph);
  if (!known) reachable.set(graph, (known = new Map()));
  const cached = known.get(service.name);
  if (cached !== undefined) return cached;
  const result = reachesRegistry(inventory, graph, service);
  known.set(service.name, result);
  return result;
}

const reachable = new WeakMap<ServiceGraph, Map<string, boolean>>();

function reachesRegistry(inventory: Inventory, graph: ServiceGraph, service: Service): boolean {
  const registry = inventory.registry;
  if (!registry || !service.image.startsWith(`${registry.prefix}/`)) return true;
  return registry.servedBy.every((name) => {
    const server = graph.byName.get(name);
    return server !== undefined && server !== service && startsAfter(graph, service, server);
  });
}

/** As written, or: pull a missing image once the registry is up, never before (podman-systemd.unit(5), Pull=). */
export function effectivePull(inventory: Inventory, graph: ServiceGraph, service: Service): Pull {
  return service.pull ?? (canReachRegistry(inventory, graph, service) ? "missing" : "never");
}

/** Time for podman to create the container; a download on top when it may pull. */
const createAllowanceSec = 30;
const pullAllowanceSec = 120;

/** TimeoutStartSec=: as written, or the health budget plus room to create (and pull) the container. */
export function effectiveStartTimeout(inventory: Inventory, graph: ServiceGraph, service: Service): number | undefined {
  if (service.startTimeoutSec !== undefined) return service.startTimeoutSec;
  if (!service.health || !service.notifyHealthy) return undefined;
  const pulls = effectivePull(inventory, graph, service) !== "never";
  return healthBudgetSec(service.health) + createAllowanceSec + (pulls ? pullAllowanceSec : 0);
}
