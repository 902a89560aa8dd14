// The boot graph: services ordered by stage, then by their dependencies within a stage. A
// dependency on a service of an earlier stage is already satisfied by that stage's target; one on
// a later stage could never be satisfied and is an error (see check below).
import type { Inventory, Path, Service } from "../inventory/model.js";
import { type Finding, error, byCodeUnit } from "../report/finding.js";
import { suggest } from "../report/suggest.js";
import { findCycles } from "./cycles.js";

export interface Dependency {
  readonly name: string;
  readonly hard: boolean;
  readonly path: Path;
}

export interface ServiceGraph {
  readonly byName: ReadonlyMap<string, Service>;
  /** Known dependencies of each service, requires before wants, in the inventory's order. */
  readonly deps: ReadonlyMap<string, readonly Dependency[]>;
  /** Per stage (index 0 = stage 1): waves of services that start in parallel, names sorted. */
  readonly waves: readonly (readonly Service[][])[];
  /** Every service, stage by stage and wave by wave: a deterministic boot order. */
  readonly order: readonly Service[];
  /** Services set aside for their own errors: naming one is not another error. */
  readonly omitted: ReadonlySet<string>;
}

/**
 * A name that should be one of the inventory's services: nothing when it is one, or one set aside
 * for its own errors (reported already: "unknown" would be wrong, and its suggestion misleading);
 * else an error at `path`, with the closest name.
 */
export function unknownService(graph: Pick<ServiceGraph, "byName" | "omitted">, name: string, path: Path): Finding[] {
  if (graph.byName.has(name) || graph.omitted.has(name)) return [];
  return [error(path, `unknown service "${name}"`, suggest(name, [...graph.byName.keys()]))];
}

/** `omitted`: services set aside for their own errors; depending on them is not another error. */
export function buildGraph(inventory: Inventory, omitted: ReadonlySet<string> = new Set()): { graph: ServiceGraph; findings: Finding[] } {
  const byName = new Map(inventory.services.map((s) => [s.name, s]));
  const findings: Finding[] = [];
  const deps = new Map(inventory.services.map((s) => [s.name, resolveDeps(s, { byName, omitted }, findings)]));
  checkStages(inventory, deps, byName, findings);
  const cycles = findCycles(inventory.services.map((s) => s.name), (n) => (deps.get(n) ?? []).map((d) => d.name));
  for (const cycle of cycles) {
    const [first, second] = cycle;
    const dep = (deps.get(first ?? "") ?? []).find((d) => d.name === second);
    findings.push(error(dep?.path ?? ["services", first ?? ""], `dependency cycle: ${cycle.join(" → ")}`, "systemd cannot order a cycle; remove one of these dependencies"));
  }
  const waves = cycles.length > 0 ? [] : buildWaves(inventory, deps);
  return { graph: { byName, deps, waves, order: waves.flat(2), omitted }, findings };
}

function resolveDeps(service: Service, names: Pick<ServiceGraph, "byName" | "omitted">, findings: Finding[]): Dependency[] {
  const all = [
    ...service.requires.map((name, i) => ({ name, hard: true, path: [...service.path, "requires", i] })),
    ...service.wants.map((name, i) => ({ name, hard: false, path: [...service.path, "wants", i] })),
  ];
  const seen = new Set<string>();
  return all.filter((d) => {
    if (d.name === service.name) return !findings.push(error(d.path, `${service.name} depends on itself`));
    if (!names.byName.has(d.name)) {
      findings.push(...unknownService(names, d.name, d.path)); // none when set aside for its own errors
      return false;
    }
    if (seen.has(d.name)) return !findings.push(error(d.path, `${d.name} is listed twice`, "list each dependency once, under requires or wants"));
    seen.add(d.name);
    return true;
  });
}

function checkStages(inventory: Inventory, deps: ReadonlyMap<string, readonly Dependency[]>, byName: ReadonlyMap<string, Service>, findings: Finding[]): void {
  for (const service of inventory.services) {
    if (service.stage > inventory.stages.length) {
      findings.push(error([...service.path, "stage"], `stage ${service.stage} does not exist; the inventory declares ${inventory.stages.length}`, `use a stage from 1 to ${inventory.stages.length}, or declare another under stages`));
    }
    for (const dep of deps.get(service.name) ?? []) {
      const target = byName.get(dep.name);
      if (target && target.stage > service.stage) {
        findings.push(error(dep.path, `${service.name} (stage ${service.stage}) depends on ${dep.name}, which starts later, in stage ${target.stage}`, `move ${dep.name} to stage ${service.stage} or earlier, or ${service.name} to stage ${target.stage} or later`));
      }
    }
  }
}

/** A service's wave is one more than the deepest of its same-stage dependencies. */
function buildWaves(inventory: Inventory, deps: ReadonlyMap<string, readonly Dependency[]>): Service[][][] {
  const level = new Map<string, number>();
  const byName = new Map(inventory.services.map((s) => [s.name, s]));
  const levelOf = (s: Service): number => {
    const known = level.get(s.name);
    if (known !== undefined) return known;
    const sameStage = (deps.get(s.name) ?? []).map((d) => byName.get(d.name)).filter((d): d is Service => d?.stage === s.stage);
    const l = sameStage.length === 0 ? 0 : 1 + Math.max(...sameStage.map(levelOf));
    level.set(s.name, l);
    return l;
  };
  return inventory.stages.map((stage) => {
    const waves: Service[][] = [];
    for (const s of inventory.services.filter((x) => x.stage === stage.index)) (waves[levelOf(s)] ??= []).push(s);
    return waves.map((w) => w.sort((a, b) => byCodeUnit(a.name, b.name)));
  });
}

/** Whether `later` can only start once `earlier` is up: an earlier stage, or a transitive dependency. */
export function startsAfter(graph: ServiceGraph, later: Service, earlier: Service): boolean {
  if (earlier.stage < later.stage) return true;
  const seen = new Set<string>();
  const stack = [later.name];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    for (const dep of graph.deps.get(name) ?? []) {
      if (dep.name === earlier.name) return true;
      if (!seen.has(dep.name)) stack.push(dep.name), seen.add(dep.name);
    }
  }
  return false;
}
