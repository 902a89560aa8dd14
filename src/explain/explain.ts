// `mcquad explain SERVICE`: when and why one service starts, in plain words: its stage, what it
// waits for and why, its health check and time budget, its pull policy, what depends on it and
// the warnings about it. Everything comes from the same model and plan the units are built from.
import { restartSentence, gateSentence } from "../graph/restart-scope.js";
import type { Health, Inventory, Service, Stage } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import type { Model } from "../analyze.js";
import { canReachRegistry, effectivePull } from "../graph/policy.js";
import { healthCommand } from "../units/health-cmd.js";
import { serviceUnitName, stageTargetName } from "../units/naming.js";
import { formatDuration, formatEstimate } from "../inventory/duration.js";
import { podmanStartPeriodSec, waitPauseSec } from "../inventory/health.js";
import type { PlannedService } from "../plan/plan.js";
import { formatPath, type Finding } from "../report/finding.js";
import { applyFileName } from "../apply/apply.js";

/** The explanation, or undefined when the inventory names nothing so. */
export function explainService(model: Model, findings: readonly Finding[], name: string): string | undefined {
  const { inventory, graph } = model;
  const service = graph.byName.get(name);
  if (service) return lines(explainDefined(model, service), findingsAbout(findings, ["services", name]));
  const stage = inventory.stages.find((st) => st.pending.some((p) => p.name === name));
  if (!stage) return undefined;
  const at = stage.pending.findIndex((p) => p.name === name);
  const reason = stage.pending[at]?.reason ?? "";
  return lines([`${name} is pending in stage ${stage.index} (${stageTargetName(stage)}): ${reason}.`, "It has no definition, so no unit is generated and nothing starts it: define it under services to change that."], findingsAbout(findings, ["stages", stage.index - 1, "pending", at]));
}

/** Every name explain knows: services and pending names. */
export const explainableNames = (inventory: Inventory): string[] => [...inventory.services.map((s) => s.name), ...inventory.stages.flatMap((st) => st.pending.map((p) => p.name))];

function explainDefined(model: Model, s: Service): string[] {
  const { inventory, graph } = model;
  const stage = inventory.stages[s.stage - 1] as Stage;
  const planned = model.plan.services.find((p) => p.name === s.name) as PlannedService;
  return [
    `${s.name} starts in stage ${stage.index} of ${inventory.stages.length}, ${stageTargetName(stage)} (${stage.description}), as the unit ${serviceUnitName(s.name)} running the container ${s.containerName} from ${s.image}.`,
    "",
    "It waits for:",
    ...waitsFor(inventory, graph, s, planned),
    "",
    ...healthLines(s, planned),
    "",
    ...pullLines(inventory, graph, s),
    ...upgradeLines(s),
    `Restart: ${s.restart}${s.restart === "no" ? "" : `, ${formatDuration(s.restartDelaySec)} after it stops`} (systemd's Restart=; podman's own restart policy is not used). ${restartSentence(graph, s)}`,
    "",
    "What depends on it:",
    ...dependents(inventory, graph, s),
  ];
}

function waitsFor(inventory: Inventory, graph: ServiceGraph, s: Service, planned: PlannedService): string[] {
  const previous = inventory.stages[s.stage - 2];
  const before = previous ? graph.order.filter((x) => x.stage === previous.index).map((x) => x.name) : [];
  const deps = graph.deps.get(s.name) ?? [];
  return [
    ...(previous ? [`  ${stageTargetName(previous)}: every service of stage ${previous.index} (${before.join(", ") || "none"}) is healthy, since a stage starts only once the one before it is reached. ${gateSentence(stageTargetName(previous), s)}`] : ["  no earlier stage: this is the first one."]),
    ...deps.map((d) =>
      d.hard
        ? `  ${serviceUnitName(d.name)} (requires): it starts once ${d.name} is up, and is not started at all if ${d.name} fails.`
        : `  ${serviceUnitName(d.name)} (wants): it starts after ${d.name}, but also when ${d.name} fails.`,
    ),
    `  In its stage it is in wave ${planned.wave}; it is up ${formatEstimate(planned.expectedSec)} after the stage starts when every service is ready within a second, ${formatDuration(planned.worstCaseSec)} at worst.`,
  ];
}

const onFailureWords: Record<Health["onFailure"], string> = { none: "podman only marks it unhealthy", kill: "podman kills it", restart: "podman restarts it", stop: "podman stops it" };

function healthLines(s: Service, planned: PlannedService): string[] {
  const h = s.health;
  if (!h) return ["Health: none. The unit counts as started as soon as its container runs, so what waits for it does not wait for it to be ready."];
  const budget = `${formatDuration(planned.health?.budgetSec ?? 0)} (${budgetTerms(h)})`;
  const quiet = formatDuration(podmanStartPeriodSec(h, s.notifyHealthy));
  return [
    `Health: \`${healthCommand(h.probe)}\` inside the container (${planned.health?.probe ?? ""}), every ${formatDuration(h.intervalSec)}, each check at most ${formatDuration(h.timeoutSec)}.`,
    `  Failures in the first ${quiet} do not count; after ${h.retries} failed checks it is unhealthy and ${onFailureWords[h.onFailure]}.`,
    s.notifyHealthy
      ? `  The unit counts as started only once the container is healthy: its ExecStartPost= runs \`podman healthcheck run ${s.containerName}\` at once and then every ${formatDuration(waitPauseSec(h))} after the last one finished, so it is seen healthy within about that long (plus a check's run, 0.25 s idle) of being ready. It gives up after ${budget} and fails the start, which stops the container; systemd's own limit is ${formatDuration(planned.startTimeoutSec)} (TimeoutStartSec).`
      : `  The unit counts as started as soon as the container runs (notify: none): what waits for it does not wait for its health. Time budget ${budget}.`,
  ];
}

const budgetTerms = (h: Health): string =>
  `start period ${formatDuration(h.startPeriodSec)} + ${h.retries} × ${formatDuration(h.intervalSec)} + timeout ${formatDuration(h.timeoutSec)}`;

function pullLines(inventory: Inventory, graph: ServiceGraph, s: Service): string[] {
  const pull = effectivePull(inventory, graph, s);
  const servers = inventory.registry?.servedBy.join(", ") ?? "";
  const fromRegistry = inventory.registry !== undefined && s.image.startsWith(`${inventory.registry.prefix}/`);
  const why = !fromRegistry
    ? "its image is not from the platform's registry"
    : canReachRegistry(inventory, graph, s)
      ? `it starts only once the registry (${servers}) is up`
      : `it may start before the registry (${servers}) is up`;
  const consequence = pull === "never" ? " The image must already be in podman's storage (podman load)." : "";
  return [`Pull: ${pull}${s.pull === undefined ? `, since ${why}` : ` (set in the inventory); ${why}`}.${consequence}`];
}

/** What the apply step (system/mcquad-apply, src/apply/) does with a new tag of this service. */
function upgradeLines(s: Service): string[] {
  const unit = serviceUnitName(s.name);
  return [
    `Upgrade: change its image in the inventory, build, install out/, then ${applyFileName} (on NixOS, the switch runs it). It puts the new image into storage first, pulling it whatever Pull= says (the registry is up then), and only then restarts ${unit}, alone; what depends on it keeps running.`,
    `  If the image cannot be had, ${s.name}'s running container is left as it is, and apply fails naming ${unit} and the image, touching nothing later.`,
  ];
}

function dependents(inventory: Inventory, graph: ServiceGraph, s: Service): string[] {
  const direct = inventory.services.flatMap((x) => (graph.deps.get(x.name) ?? []).filter((d) => d.name === s.name).map((d) => `${x.name} (${d.hard ? "requires" : "wants"})`));
  const later = graph.order.filter((x) => x.stage > s.stage).map((x) => x.name);
  const stage = inventory.stages[s.stage - 1] as Stage;
  return [
    `  directly: ${direct.join(", ") || "nothing"}.`,
    later.length
      ? `  through ${stageTargetName(stage)}: every later stage (${later.join(", ")}); while ${s.name} is down at their start, none of them starts, and they come up by themselves once it is up. Once they run, its restarts do not touch them.`
      : "  no later stage: it is in the last one.",
  ];
}

function findingsAbout(findings: readonly Finding[], prefix: readonly (string | number)[]): Finding[] {
  return findings.filter((f) => prefix.every((part, i) => f.path[i] === part));
}

function lines(body: readonly string[], findings: readonly Finding[]): string {
  const notes = findings.map((f) => `  ${f.severity}: ${formatPath(f.path)}: ${f.message}${f.hint ? `\n    hint: ${f.hint}` : ""}`);
  return `${[...body, ...(notes.length ? ["", "Warnings:", ...notes] : [])].join("\n")}\n`;
}
