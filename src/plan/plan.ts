// The boot plan: what systemd will do with the units, as data (for `plan --json` and tests) and
// as text (for people). Stages run one after the other; within a stage, services start in waves,
// each wave waiting for the services its members depend on.
import { restartedWith } from "../graph/restart-scope.js";
import type { Inventory, Service } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import { effectivePull, effectiveStartTimeout } from "../graph/policy.js";
import { expectedHealthySec, healthBudgetSec } from "../inventory/health.js";
import { healthCommand } from "../units/health-cmd.js";
import { serviceUnitName, stageTargetName } from "../units/naming.js";

/** systemd's DefaultTimeoutStartSec, which applies when a unit sets none (systemd-system.conf(5)). */
const systemdDefaultStartSec = 90;

/**
 * What podman itself takes to create and start a rootless container from a Quadlet unit, rounded
 * up: 0.2 to 0.3 s measured by the end-to-end test on an idle 2-core machine, several times that
 * when a stage starts five at once (test/e2e/scenarios/timing.sh).
 */
const podmanStartSec = 1;

export interface PlannedService {
  readonly name: string;
  readonly unit: string;
  readonly stage: number;
  readonly wave: number;
  readonly image: string;
  readonly network: string;
  readonly ports: readonly { readonly ip: string | null; readonly hostPort: number; readonly containerPort: number; readonly protocol: string }[];
  readonly listens: readonly { readonly port: number; readonly protocol: string }[];
  readonly requires: readonly string[];
  readonly wants: readonly string[];
  /** What a restart of it restarts too: the services naming it in `requires:` (restart-scope.ts). */
  readonly restartsWith: readonly string[];
  readonly health: { readonly probe: string; readonly command: string; readonly budgetSec: number; readonly onFailure: string } | null;
  readonly pull: string;
  readonly startTimeoutSec: number;
  /** From the stage's start until this service is up when everything is ready at once. */
  readonly expectedSec: number;
  /** Worst case from the stage's start until this service is up: its chain of start timeouts. */
  readonly worstCaseSec: number;
}

export interface PlannedStage {
  readonly index: number;
  readonly target: string;
  readonly description: string;
  readonly waves: readonly (readonly string[])[];
  readonly pending: readonly string[];
  readonly expectedSec: number;
  readonly worstCaseSec: number;
}

export interface Plan {
  readonly platform: string;
  readonly user: string;
  readonly uid: number;
  readonly podman: string;
  readonly stages: readonly PlannedStage[];
  readonly services: readonly PlannedService[];
  readonly expectedSec: number;
  readonly worstCaseSec: number;
}

export function buildPlan(inventory: Inventory, graph: ServiceGraph): Plan {
  const chains: Chains = { expected: new Map(), worst: new Map() };
  const services = graph.waves.flatMap((waves) => waves.flatMap((wave, w) => wave.map((s) => planService(s, w + 1, inventory, graph, chains))));
  const stages = inventory.stages.map((stage, i): PlannedStage => ({
    index: stage.index,
    target: stageTargetName(stage),
    description: stage.description,
    waves: (graph.waves[i] ?? []).map((wave) => wave.map((s) => s.name)),
    pending: stage.pending.map((p) => p.name),
    expectedSec: Math.max(0, ...services.filter((s) => s.stage === stage.index).map((s) => s.expectedSec)),
    worstCaseSec: Math.max(0, ...services.filter((s) => s.stage === stage.index).map((s) => s.worstCaseSec)),
  }));
  return {
    platform: inventory.platform.name,
    user: inventory.platform.user,
    uid: inventory.platform.uid,
    podman: inventory.podman,
    stages,
    services,
    expectedSec: stages.reduce((sum, s) => sum + s.expectedSec, 0),
    worstCaseSec: stages.reduce((sum, s) => sum + s.worstCaseSec, 0),
  };
}

/** Per service, from its stage's start until it is up: expected and worst case. */
interface Chains {
  readonly expected: Map<string, number>;
  readonly worst: Map<string, number>;
}

function planService(s: Service, wave: number, inventory: Inventory, graph: ServiceGraph, chains: Chains): PlannedService {
  const deps = graph.deps.get(s.name) ?? [];
  const startTimeoutSec = effectiveStartTimeout(inventory, graph, s) ?? systemdDefaultStartSec;
  const sameStage = deps.map((d) => graph.byName.get(d.name)).filter((d): d is Service => d?.stage === s.stage);
  const after = (chain: Map<string, number>): number => Math.max(0, ...sameStage.map((d) => chain.get(d.name) ?? 0));
  const worstCaseSec = startTimeoutSec + after(chains.worst);
  const expectedSec = expectedUpSec(s) + after(chains.expected);
  chains.worst.set(s.name, worstCaseSec);
  chains.expected.set(s.name, expectedSec);
  return {
    name: s.name,
    unit: serviceUnitName(s.name),
    stage: s.stage,
    wave,
    image: s.image,
    network: s.network,
    ports: s.ports.map((p) => ({ ip: p.address?.ip ?? null, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol })),
    listens: s.listens.map((l) => ({ port: l.port, protocol: l.protocol })),
    requires: deps.filter((d) => d.hard).map((d) => d.name),
    wants: deps.filter((d) => !d.hard).map((d) => d.name),
    restartsWith: restartedWith(graph, s.name),
    health: s.health ? { probe: describeProbe(s), command: healthCommand(s.health.probe), budgetSec: healthBudgetSec(s.health), onFailure: s.health.onFailure } : null,
    pull: effectivePull(inventory, graph, s),
    startTimeoutSec,
    expectedSec,
    worstCaseSec,
  };
}

/** Up once podman has started the container and, when the unit waits for health, its first check passed. */
function expectedUpSec(s: Service): number {
  return podmanStartSec + (s.health && s.notifyHealthy ? expectedHealthySec(s.health) : 0);
}

function describeProbe(s: Service): string {
  const p = s.health?.probe;
  if (!p) return "none";
  if (p.kind === "tcp") return `tcp :${p.port}`;
  if (p.kind === "command") return "command";
  if (p.kind === "dns") return `dns ${p.name} :53`;
  return `${p.kind} :${p.port}${p.urlPath}`;
}
