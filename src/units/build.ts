// The whole unit model for an inventory: per host, a .container unit per service and a target
// per stage. Built once per run; validation checks it (version.ts) and build renders it.
import type { Host, Inventory, Service } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import { buildContainerUnit } from "./container.js";
import { buildStageTarget } from "./target.js";
import type { UnitFile } from "./model.js";

export interface BuiltUnit {
  readonly unit: UnitFile;
  /** The service a .container unit starts; undefined for stage targets. */
  readonly service?: Service;
}

export interface HostUnits {
  readonly host: Host;
  readonly units: readonly BuiltUnit[];
}

export function buildUnits(inventory: Inventory, graph: ServiceGraph, source: string): HostUnits[] {
  return inventory.hosts.map((host) => {
    // A service in a stage that does not exist has its error already; it gets no unit.
    const services = inventory.services.filter((s) => s.host === host.name && s.stage >= 1 && s.stage <= inventory.stages.length);
    const units: BuiltUnit[] = [
      ...services.map((service) => ({ unit: buildContainerUnit(service, { inventory, graph, source }), service })),
      ...inventory.stages.map((stage) => ({ unit: buildStageTarget(stage, inventory, services, source) })),
    ];
    return { host, units };
  });
}
