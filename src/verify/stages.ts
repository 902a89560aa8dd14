// Checks the boot order systemd will follow, on the graph of generated units:
// - starting the last stage target pulls in every service;
// - every service is ordered after each unit it Requires=/Wants= (systemd.unit(5): without
//   After=, both start at the same time and the dependent does not wait for health);
// - a stage-N service starts only after the stage N-1 target, and that target is reached only
//   once each of its own services has finished starting (its ExecStartPost= wait: is healthy).
import { findOrderingCycles } from "./cycles.js";
import type { Finding } from "./report.js";
import { orderedAfter, pulledIn, type UnitGraph } from "./graph.js";
import type { UnitSources } from "./sources.js";

export interface StagePlan {
  /** Stage targets, first stage first. */
  readonly targets: readonly string[];
  /** Stage index (0-based) of each service that a stage target pulls in directly. */
  readonly stageOf: ReadonlyMap<string, number>;
}

export function checkStages(graph: UnitGraph, targets: readonly string[], services: readonly string[], src: UnitSources): Finding[] {
  if (targets.length === 0) return [];
  const plan = planStages(graph, targets, services);
  const reached = pulledIn(graph, plan.targets[plan.targets.length - 1] as string);
  return [
    ...checkCycles(graph, [...targets, ...services], src),
    ...checkTargetChain(graph, plan, src),
    ...checkPulledIn(plan, reached, services, src),
    ...checkDependencyOrder(graph, services, src),
    ...checkStageOrder(graph, plan, reached, services, src),
  ];
}

/** Ordering cycles among mcquad's units, pointed at the first After= on the loop it wrote. */
export function checkCycles(graph: UnitGraph, units: readonly string[], src: UnitSources): Finding[] {
  return findOrderingCycles(graph, new Set(units)).map((loop) => {
    const edges = loop.slice(0, -1).map((from, i) => ({ from, to: loop[i + 1] as string }));
    const written = edges.find((e) => src.writtenLine(e.from, "After", e.to) !== undefined) ?? (edges[0] as { from: string; to: string });
    return error(
      src.placeOfMention(written.from, written.to, ["After"]),
      `ordering cycle: ${loop.join(" after ")}; systemd cannot start these units`,
      "one of these orderings must go (a service may not wait for a later stage)",
    );
  });
}

/** Stage order: by the number in the target's name when every target has one, else by chain. */
export function planStages(graph: UnitGraph, targets: readonly string[], services: readonly string[]): StagePlan {
  const num = (t: string): number => Number(/(\d+)\.target$/.exec(t)?.[1] ?? NaN);
  const ordered = targets.every((t) => !Number.isNaN(num(t)))
    ? [...targets].sort((a, b) => num(a) - num(b))
    : [...targets].sort((a, b) => pulledIn(graph, a).size - pulledIn(graph, b).size);
  const stageOf = new Map<string, number>();
  for (const service of services) {
    const stage = ordered.findIndex((t) => graph.get(t)?.pulls.has(service));
    if (stage >= 0) stageOf.set(service, stage);
  }
  return { targets: ordered, stageOf };
}

function checkTargetChain(graph: UnitGraph, plan: StagePlan, src: UnitSources): Finding[] {
  const findings: Finding[] = [];
  plan.targets.forEach((target, i) => {
    const prev = plan.targets[i - 1];
    if (prev === undefined) return;
    if (!pulledIn(graph, target).has(prev)) {
      findings.push(error(src.place(target, { section: "Unit" }), `${target} does not pull in ${prev}, so starting it skips stage ${i}`, `add Requires=${prev} to [Unit]`));
    }
    if (!orderedAfter(graph, target).has(prev)) {
      findings.push(error(src.place(target, { section: "Unit" }), `${target} is not ordered after ${prev}`, `add After=${prev} to [Unit]`));
    }
  });
  return findings;
}

function checkPulledIn(plan: StagePlan, reached: ReadonlySet<string>, services: readonly string[], src: UnitSources): Finding[] {
  const last = plan.targets[plan.targets.length - 1] as string;
  return services
    .filter((s) => !reached.has(s))
    .map((s) =>
      error(
        src.place(s, { section: "Install" }),
        `${s} is not pulled in by ${last}: starting the platform leaves it stopped`,
        `add RequiredBy=<its stage target> to [Install]`,
      ),
    );
}

function checkDependencyOrder(graph: UnitGraph, services: readonly string[], src: UnitSources): Finding[] {
  const findings: Finding[] = [];
  for (const service of services) {
    const after = orderedAfter(graph, service);
    for (const dep of [...(graph.get(service)?.needs ?? [])].sort()) {
      // Only units mcquad wrote: a missing or foreign unit is systemd-analyze's to report.
      if (after.has(dep) || src.sourceOf(dep) === undefined) continue;
      findings.push(
        error(
          src.placeOfMention(service, dep, ["Requires", "Wants", "BindsTo", "Requisite"]),
          `${service} requires ${dep} but is not ordered after it, so both start at once and ${service} does not wait for ${dep} to be up`,
          `add After=${dep} to [Unit]`,
        ),
      );
    }
  }
  return findings;
}

function checkStageOrder(graph: UnitGraph, plan: StagePlan, reached: ReadonlySet<string>, services: readonly string[], src: UnitSources): Finding[] {
  const findings: Finding[] = [];
  for (const service of services) {
    const stage = plan.stageOf.get(service);
    if (stage === undefined) {
      // Not reached at all is an error of its own (checkPulledIn).
      if (reached.has(service)) findings.push({ severity: "warning", ...src.place(service, { section: "Install" }), message: `${service} belongs to no stage target; it starts only as a dependency of another unit` });
      continue;
    }
    const target = plan.targets[stage] as string;
    const prev = plan.targets[stage - 1];
    if (prev !== undefined && !orderedAfter(graph, service).has(prev)) {
      findings.push(error(src.place(service, { section: "Unit", key: "After" }), `${service} (stage ${stage + 1}) is not ordered after ${prev}, so it can start before stage ${stage} is up`, `add After=${prev} to [Unit]`));
    }
    if (!orderedAfter(graph, target).has(service)) {
      findings.push(error(src.place(target, { section: "Unit", key: "DefaultDependencies" }), `${target} is not ordered after ${service}, so the next stage can start before ${service} is up`, `add After=${service} to ${target}, or drop DefaultDependencies=no (systemd.target(5))`));
    }
  }
  return findings;
}

function error(place: { file: string; line?: number }, message: string, hint: string): Finding {
  return { severity: "error", ...place, message, hint };
}
