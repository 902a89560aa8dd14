// The boot plan as text, for `mcquad plan`.
import { formatDuration, formatEstimate } from "../inventory/duration.js";
import type { Plan, PlannedService } from "./plan.js";

export function formatPlan(plan: Plan): string {
  const byName = new Map(plan.services.map((s) => [s.name, s]));
  const out = [`Boot plan for ${plan.platform}: user ${plan.user} (uid ${plan.uid}), Podman ≥ ${plan.podman}`, ""];
  for (const stage of plan.stages) {
    out.push(`Stage ${stage.index}  ${stage.target}  ${stage.description}`);
    stage.waves.forEach((wave, i) => {
      out.push(`  wave ${i + 1}${wave.length > 1 ? " (in parallel)" : ""}:`);
      for (const name of wave) out.push(describe(byName.get(name) as PlannedService, stage.index));
    });
    if (stage.waves.length === 0) out.push("  (no services)");
    for (const name of stage.pending) out.push(`  pending: ${name} (no definition, no unit)`);
    out.push(`  expected for this stage: ${formatEstimate(stage.expectedSec)}; worst case: ${formatDuration(stage.worstCaseSec)}`, "");
  }
  out.push(`Expected for the whole platform, every service ready within a second: ${formatEstimate(plan.expectedSec)} (podman's start and the first passing check along the longest chain of each stage)`);
  out.push(`Worst case for the whole platform: ${formatDuration(plan.worstCaseSec)} (start timeouts along the longest chain of each stage)`);
  return `${out.join("\n")}\n`;
}

function describe(s: PlannedService, stage: number): string {
  const waits = [...(stage > 1 ? [`stage ${stage - 1}`] : []), ...s.requires, ...s.wants.map((w) => `${w} (soft)`)];
  const health = s.health ? `healthy via ${s.health.probe} within ${formatDuration(s.health.budgetSec)}` : "no health check";
  return [
    `    ${s.name}`,
    `      waits for: ${waits.length ? waits.join(", ") : "nothing"}`,
    `      ${health}; start timeout ${formatDuration(s.startTimeoutSec)}; pull ${s.pull}`,
    `      up after the stage starts: expected ${formatEstimate(s.expectedSec)}, at worst ${formatDuration(s.worstCaseSec)}`,
    `      a restart restarts ${s.restartsWith.length ? `${s.restartsWith.join(", ")} too (requires:)` : "it alone"}`,
  ].join("\n");
}
