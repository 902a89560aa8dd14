// Per-service rules that need the boot order: start timeouts that cover the health budget,
// container names unique per host, and visible warnings for what the units cannot express.
import type { Inventory, Service } from "../inventory/model.js";
import { formatDuration } from "../inventory/duration.js";
import { healthBudgetSec } from "../inventory/health.js";
import { type Finding, error, warning } from "../report/finding.js";
import { textProblem } from "../units/quote.js";

export function checkServices(inventory: Inventory): Finding[] {
  return [
    ...inventory.services.flatMap(timingFindings),
    ...inventory.services.flatMap(healthFindings),
    ...duplicateContainerNames(inventory),
    ...pendingFindings(inventory),
    ...stageTextFindings(inventory),
  ];
}

/** A stage's description ends the Description= of its target and of its services' units. */
function stageTextFindings(inventory: Inventory): Finding[] {
  return inventory.stages.flatMap((stage) => {
    const problem = textProblem(stage.description);
    return problem ? [error(["stages", stage.index - 1, "description"], problem, "end the description with another character")] : [];
  });
}

/** TimeoutStartSec= bounds the unit's wait for health (units/health-wait.ts): shorter than the budget fails healthy starts. */
function timingFindings(s: Service): Finding[] {
  if (s.startTimeoutSec === undefined || !s.health || !s.notifyHealthy) return [];
  const budget = healthBudgetSec(s.health);
  if (s.startTimeoutSec >= budget) return [];
  return [error([...s.path, "start_timeout"], `start_timeout ${formatDuration(s.startTimeoutSec)} is shorter than the health budget ${formatDuration(budget)} (start period + retries × interval + timeout)`, `use at least ${formatDuration(budget)}, or shorten the health timings`)];
}

function healthFindings(s: Service): Finding[] {
  if (s.health) return [];
  return [warning(s.path, `${s.name} has no health check: later stages will not wait for it to be ready`, "add health: with an http, https, tcp or command probe")];
}

function duplicateContainerNames(inventory: Inventory): Finding[] {
  const seen = new Map<string, Service>();
  return inventory.services.flatMap((s) => {
    const key = `${s.host}\0${s.containerName}`;
    const first = seen.get(key);
    if (!first) return seen.set(key, s), [];
    // Both units would generate, and at run time the second would --replace the first.
    return [error([...s.path, "container_name"], `container name "${s.containerName}" is already used by ${first.name} on host ${s.host}`, "give each service its own container_name")];
  });
}

function pendingFindings(inventory: Inventory): Finding[] {
  const names = new Set(inventory.services.map((s) => s.name));
  return inventory.stages.flatMap((stage) =>
    stage.pending.map((p, i) =>
      names.has(p.name)
        ? error(["stages", stage.index - 1, "pending", i], `${p.name} is pending but also defined under services`, "remove it from pending")
        : warning(["stages", stage.index - 1, "pending", i], `${p.name} is named in stage ${stage.index} but has no definition (${p.reason}); no unit is generated`, `define services.${p.name} once its container command is known`),
    ),
  );
}
