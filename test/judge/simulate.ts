// A boot as systemd and podman would record it, computed from what the *units* say (their
// ordering, their wait for health, HealthCmd=, stage links), not from services.yaml: breaking a
// unit here changes the record the way the real boot would, and the judge, which reads
// services.yaml, must notice. Timing model (src/units/health-wait.ts): the unit's wait probes as
// the container starts, then after each pause (startup_interval, else the interval) and a
// probe's run of 0.25 s; every failure is inside HealthStartPeriod= (health_status=starting).
// A never-healthy container: at its budget the wait exits 1, systemd stops the container
// (podman's kill, then died) and the unit's result is "exit-code" (as the guest recorded:
// fixtures/).
export interface Health { intervalUs: number; timeoutUs: number; retries: number; startPeriodUs: number; onFailure: string; startupIntervalUs: number | null }
export interface Service {
  name: string; unit: string; container: string; stage: number; target: string;
  previousTarget: string | null; after: string[]; gated: boolean; health: Health | null;
}
export interface Expectations { stages: string[]; finalTarget: string; services: Service[] }

/** What a unit says, per service: starts from what services.yaml expects, then broken on purpose. */
export interface UnitShape { after: string[]; afterPrevious: boolean; notify: boolean; probe: boolean; inStage: boolean }

export interface Boot {
  t0: number;
  delayUs: (s: Service) => number;
  shape?: (s: Service) => Partial<UnitShape>;
  /** Overrides the health budget's outcome for a never-healthy service: when its wait gives up. */
  unhealthyAfterUs?: (s: Service) => number | undefined;
  killedBy?: "podman" | "systemd-timeout";
}

interface UnitRecord { id: string; state: string; result: string; exit: number; main: number; active: number; inactive: number }
interface Event { time: number; event: string; name: string; health?: string; streak?: number }

export function simulate(exp: Expectations, boot: Boot): { show: string; journal: string } {
  const units = new Map<string, UnitRecord>();
  const events: Event[] = [];
  const activeOf = (u: string) => units.get(u)?.active ?? 0;
  for (const stage of exp.stages.map((_, i) => i + 1)) {
    const here = exp.services.filter((s) => s.stage === stage);
    for (const s of order(here)) startService(s, { ...defaults(s), ...boot.shape?.(s) }, boot, units, events, activeOf);
    const members = here.filter((s) => ({ ...defaults(s), ...boot.shape?.(s) }).inStage);
    const prev = exp.stages[stage - 2];
    const failed = members.some((s) => units.get(s.unit)?.state !== "active") || (prev !== undefined && activeOf(prev) === 0);
    const at = Math.max(...members.map((s) => activeOf(s.unit)), prev === undefined ? boot.t0 : activeOf(prev)) + 1_000;
    const target = exp.stages[stage - 1]!;
    units.set(target, { id: target, state: failed ? "inactive" : "active", result: "success", exit: failed ? 0 : boot.t0, main: 0, active: failed ? 0 : at, inactive: 0 });
  }
  return { show: [...units.values()].map(showBlock).join("\n\n") + "\n", journal: events.map(journalLine).join("\n") + "\n" };
}

const defaults = (s: Service): UnitShape => ({ after: s.after, afterPrevious: s.previousTarget !== null, notify: s.gated, probe: s.health !== null, inStage: true });

// Within a stage, a service after the ones it names (the inventory is acyclic).
function order(services: Service[]): Service[] {
  const done: Service[] = [];
  const visit = (s: Service) => {
    if (done.includes(s)) return;
    for (const d of s.after) { const dep = services.find((x) => x.unit === d); if (dep) visit(dep); }
    done.push(s);
  };
  services.forEach(visit);
  return done;
}

function startService(s: Service, shape: UnitShape, boot: Boot, units: Map<string, UnitRecord>, events: Event[], activeOf: (u: string) => number): void {
  const waits = [...shape.after, ...(shape.afterPrevious && s.previousTarget ? [s.previousTarget] : [])];
  if (waits.some((u) => activeOf(u) === 0)) { // a dependency failed: systemd never starts it
    units.set(s.unit, { id: s.unit, state: "inactive", result: "success", exit: 0, main: 0, active: 0, inactive: 0 });
    return;
  }
  const main = Math.max(boot.t0, ...waits.map(activeOf)) + 50_000;
  if (shape.notify && !shape.probe) { // podman refuses --sdnotify=healthy without a health check
    units.set(s.unit, { id: s.unit, state: "failed", result: "exit-code", exit: main - 10_000, main, active: 0, inactive: main + 200_000 });
    return;
  }
  const start = main + 300_000;
  events.push({ time: start, event: "start", name: s.container });
  const ready = start + boot.delayUs(s);
  const end = shape.probe && s.health ? probe(s, s.health, start, ready, boot, events) : start;
  if (end === undefined) { // never healthy: its wait gives up at its budget, or systemd's timeout ends it
    const h = s.health!;
    const verdict = start + (boot.unhealthyAfterUs?.(s) ?? h.startPeriodUs + h.retries * h.intervalUs + h.timeoutUs);
    if (boot.killedBy !== "systemd-timeout") events.push({ time: verdict + 200_000, event: "kill", name: s.container });
    events.push({ time: verdict + 300_000, event: "died", name: s.container });
    const result = boot.killedBy === "systemd-timeout" ? "timeout" : "exit-code";
    units.set(s.unit, { id: s.unit, state: "failed", result, exit: main - 10_000, main, active: 0, inactive: verdict + 400_000 });
    return;
  }
  const active = shape.notify ? end + 20_000 : start + 10_000;
  units.set(s.unit, { id: s.unit, state: "active", result: "success", exit: main - 10_000, main, active, inactive: 0 });
}

/** The wait's probes until the first healthy one (its time), or undefined when it never gets there. */
function probe(s: Service, h: Health, start: number, ready: number, boot: Boot, events: Event[]): number | undefined {
  const every = (h.startupIntervalUs ?? h.intervalUs) + 250_000;
  const givesUp = boot.unhealthyAfterUs?.(s) ?? h.startPeriodUs + h.retries * h.intervalUs + h.timeoutUs;
  for (let t = start; t < start + 600e6; t += every) {
    if (t >= ready) {
      events.push({ time: t + 100_000, event: "health_status", name: s.container, health: "healthy", streak: 0 });
      return t + 100_000;
    }
    if (t - start > givesUp) return undefined;
    events.push({ time: t + 100_000, event: "health_status", name: s.container, health: "starting", streak: 0 });
  }
  return undefined;
}

function showBlock(u: UnitRecord): string {
  return [`Id=${u.id}`, `ActiveState=${u.state}`, `Result=${u.result}`, `InvocationID=${u.id.length.toString(16).padStart(32, "0")}`,
    `InactiveExitTimestampMonotonic=${u.exit}`, `ExecMainStartTimestampMonotonic=${u.main}`,
    `ActiveEnterTimestampMonotonic=${u.active}`, `InactiveEnterTimestampMonotonic=${u.inactive}`].join("\n");
}

// As `journalctl -o json` prints podman's journald events: every field a string.
function journalLine(e: Event): string {
  return JSON.stringify({
    __MONOTONIC_TIMESTAMP: String(e.time), SYSLOG_IDENTIFIER: "podman", PODMAN_EVENT: e.event, PODMAN_TYPE: "container", PODMAN_NAME: e.name,
    ...(e.event === "health_status" ? { PODMAN_HEALTH_STATUS: e.health, PODMAN_HEALTH_FAILING_STREAK: String(e.streak) } : {}),
    MESSAGE: `container ${e.event} 0123456789ab (name=${e.name}${e.health ? `, health_status=${e.health}` : ""})`,
  });
}
