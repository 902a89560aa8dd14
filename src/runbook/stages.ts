// Section 3 of the runbook: each stage with the command that starts it, and each of its services
// with what it waits for, its manual fallback and how to check it from the host.
import { restartSentence } from "../graph/restart-scope.js";
import type { Service, Stage } from "../inventory/model.js";
import { formatDuration } from "../inventory/duration.js";
import { serviceUnitName, stageTargetName } from "../units/naming.js";
import { formatPath, type Finding } from "../report/finding.js";
import { commented, code } from "./markdown.js";
import { formatShellLines, hostProbe, manualRunLines } from "./fallback.js";
import { planned, type RunbookContext, type ServiceView, type StageView } from "./view.js";
import type { PlannedService } from "../plan/plan.js";

export function stageViews(ctx: RunbookContext): StageView[] {
  return ctx.inventory.stages.map((stage, i) => {
    const waves = (ctx.graph.waves[i] ?? []).map((w) => w.filter((s) => s.host === ctx.host.name)).filter((w) => w.length > 0);
    const members = waves.flat();
    return {
      heading: `Stage ${stage.index}: ${stageTargetName(stage)} (${stage.description})`,
      start: [`systemctl --user start ${stageTargetName(stage)}`],
      facts: stageFacts(ctx, stage, waves, members),
      services: members.map((s) => serviceView(ctx, s)),
      pending: stage.pending.map((p) => `**${p.name}** is pending: ${p.reason}. No unit and no fallback are generated for it: start it the way it was started before, or define it under \`services\` in ${ctx.source}.`),
    };
  });
}

function stageFacts(ctx: RunbookContext, stage: Stage, waves: readonly (readonly Service[])[], members: readonly Service[]): string[] {
  const previous = ctx.inventory.stages[stage.index - 2];
  const worst = ctx.plan.stages[stage.index - 1]?.worstCaseSec ?? 0;
  return [
    `waits for: ${previous ? `${stageTargetName(previous)} (every service of stage ${previous.index} healthy)` : "nothing (the first stage)"}`,
    ...(members.length === 0
      ? ["starts: no container"]
      : waves.map((w, n) => `${waves.length > 1 ? `wave ${n + 1}` : "starts"}${w.length > 1 ? ", in parallel" : ""}: ${w.map((s) => (n > 0 ? `${s.name} (after ${sameStageDeps(ctx, s).join(", ")})` : s.name)).join(", ")}`)),
    `returns once all are healthy; worst case ${formatDuration(worst)}`,
  ];
}

/** What a service of a later wave waits for within its own stage. */
function sameStageDeps(ctx: RunbookContext, s: Service): string[] {
  return (ctx.graph.deps.get(s.name) ?? []).filter((d) => ctx.graph.byName.get(d.name)?.stage === s.stage).map((d) => d.name);
}

function serviceView(ctx: RunbookContext, s: Service): ServiceView {
  const probe = hostProbe(s);
  return {
    heading: s.name,
    facts: serviceFacts(ctx, s),
    run: [
      ...commented([[`systemctl --user stop ${serviceUnitName(s.name)}`, "first, so systemd does not replace the container"]]),
      ...formatShellLines(manualRunLines(s, ctx.inventory, ctx.graph)),
    ],
    check: s.health
      ? commented([[`podman healthcheck run ${s.containerName} && echo healthy`], ...(probe.command ? [[`${probe.command} && echo up`, `from the host, on ${probe.target}`] as const] : [])])
      : [`podman ps --filter name='^${s.containerName}$' --format '{{.Names}} {{.Status}}'`],
  };
}

function serviceFacts(ctx: RunbookContext, s: Service): string[] {
  const p = planned(ctx, s.name);
  const deps = ctx.graph.deps.get(s.name) ?? [];
  const previous = ctx.inventory.stages[s.stage - 2];
  const waits = [
    ...(previous ? [`${stageTargetName(previous)}`] : []),
    ...deps.map((d) => `${serviceUnitName(d.name)} (${d.hard ? `requires: if it fails, ${s.name} is not started` : "wants: ordering only"})`),
  ];
  const probe = hostProbe(s);
  return [
    ...(s.description ? [s.description] : []),
    `unit ${code(serviceUnitName(s.name))}, container ${code(s.containerName)}, image ${code(s.image)}`,
    `waits for: ${waits.length ? waits.join(", ") : "nothing"}`,
    healthFact(s, p, probe.why),
    p.pull === "never" ? "pull: never; the image must already be in storage (section 7)" : `pull: ${p.pull}, from the registry`,
    `restart: ${s.restart}${s.restart === "no" ? "" : `, ${formatDuration(s.restartDelaySec)} after it stops`}. ${restartSentence(ctx.graph, s)}`,
    ...warningsAbout(ctx, s.name).map((f) => `**warning**: ${f.message}`),
  ];
}

function healthFact(s: Service, p: PlannedService, noHostCheck: string | undefined): string {
  const h = s.health;
  if (!h || !p.health) return "no health check: what waits for it starts as soon as its container runs";
  const probe = h.probe.kind === "command" ? `${code(h.probe.command)} succeeds` : `${p.health.probe} answers`;
  const gate = s.notifyHealthy ? `within ${formatDuration(p.health.budgetSec)}; the unit gives up after ${formatDuration(p.startTimeoutSec)}` : "but nothing waits for that (notify: none)";
  return `healthy: ${probe} inside the container, ${gate}${noHostCheck === undefined ? "" : ` (no check from the host: ${noHostCheck})`}`;
}

export const isAbout = (path: readonly (string | number)[], service: string): boolean => path[0] === "services" && path[1] === service;

export const describeFinding = (f: { path: readonly (string | number)[]; message: string; hint?: string }): string =>
  `${code(formatPath(f.path))}: ${f.message}${f.hint ? ` (${f.hint})` : ""}`;

const warningIndex = new WeakMap<RunbookContext, Map<string, Finding[]>>();

/** The warnings about one service, grouped once per runbook. */
function warningsAbout(ctx: RunbookContext, service: string): readonly Finding[] {
  let index = warningIndex.get(ctx);
  if (!index) {
    warningIndex.set(ctx, (index = new Map()));
    for (const f of ctx.warnings) if (f.path[0] === "services") index.set(String(f.path[1]), [...(index.get(String(f.path[1])) ?? []), f]);
  }
  return index.get(service) ?? [];
}
