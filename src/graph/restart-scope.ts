// What else a service's restart restarts, one rule for the units, `plan`, `explain` and the
// runbook. systemd.unit(5): a restart propagates to the units that Requires= the restarted one, a
// manual restart and an automatic one (Restart=, a crash, a health-check kill) alike
// (REFERENCE §2). The units Require= only what a service names in `requires:`; the previous
// stage is waited for by Wants=, After= and a start-time gate (src/units/stage-gate.ts), so a
// restart reaches the stage targets, which restart at no cost, and nothing of a later stage.
import type { Service } from "../inventory/model.js";
import type { ServiceGraph } from "./graph.js";
import { byCodeUnit } from "../report/finding.js";

/** The services a restart of `name` restarts too: those naming it in `requires:`, transitively. */
export function restartedWith(graph: ServiceGraph, name: string): string[] {
  const requiredBy = requiredByIndex(graph);
  const found = new Set<string>();
  const pending = [name];
  for (let n = pending.pop(); n !== undefined; n = pending.pop()) {
    for (const s of requiredBy.get(n) ?? []) {
      if (!found.has(s)) found.add(s), pending.push(s);
    }
  }
  return [...found].sort(byCodeUnit);
}

/**
 * Who names each service in `requires:`, built once per graph: asked for every service by the
 * plan, explain and the runbook, a search of every service per step was quadratic (10,000
 * services: half of `mcquad check`'s time, bench/).
 */
function requiredByIndex(graph: ServiceGraph): ReadonlyMap<string, readonly string[]> {
  let index = requiredByCache.get(graph);
  if (index) return index;
  const built = new Map<string, string[]>();
  for (const s of graph.order) {
    for (const d of graph.deps.get(s.name) ?? []) {
      if (!d.hard) continue;
      const list = built.get(d.name);
      if (list) list.push(s.name);
      else built.set(d.name, [s.name]);
    }
  }
  requiredByCache.set(graph, (index = built));
  return index;
}

const requiredByCache = new WeakMap<ServiceGraph, ReadonlyMap<string, readonly string[]>>();

/** One sentence: "A restart of X ... restarts it alone" or "... restarts Y too (`requires:`)". */
export function restartSentence(graph: ServiceGraph, s: Service): string {
  const also = restartedWith(graph, s.name);
  const scope = also.length ? `restarts ${also.join(", ")} too, which ${also.length === 1 ? "names" : "name"} it in requires:; nothing else` : "restarts it alone";
  return `A restart of ${s.name}, by hand, after a crash or by its health check, ${scope}: later stages keep their containers.`;
}

/** While a stage is down, what a service of the next one does, and what happens once it is up. */
export const gateSentence = (previousTarget: string, s: Service): string =>
  s.restart === "no"
    ? `While ${previousTarget} is not active its start fails at once (ExecStartPre=), and with restart: no it is not retried; no container of it runs.`
    : `While ${previousTarget} is not active its start fails at once (ExecStartPre=) and is retried every ${s.restartDelaySec}s (Restart=), so it comes up by itself once that stage is up; no container of it runs meanwhile.`;
