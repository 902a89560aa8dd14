// RUNBOOK.md: the seed runbook's content, derived from the inventory instead of typed by hand.
// One per host, written beside that host's units; its `podman run` commands start the same
// containers as the units (test/runbook-units.test.ts holds them to it).
import type { Host } from "../inventory/model.js";
import type { Model } from "../analyze.js";
import type { Finding } from "../report/finding.js";
import { generatedHeader } from "../units/header.js";
import { normalizeText } from "../render/render.js";
import { buildDiagram } from "../diagram/diagram.js";
import { renderMermaid } from "../diagram/render.js";
import type { RunbookContext, RunbookTemplate, RunbookView } from "./view.js";
import { blocking, blockingNotes, rootChecks, rootFixes, startAll, startNotes, userChecks, userFixes, userShell } from "./prerequisites.js";
import { describeFinding, stageViews } from "./stages.js";
import { checklist, checklistNotes, referenceNotes, referenceRows } from "./reference.js";
import { coldStart, imageChecks } from "./cold-start.js";
import { checkCommandNotes, prerequisiteChecks, problemViews, verificationChecks } from "./checks.js";
import { handover, handoverNote } from "./handover.js";
import { upgrade } from "./upgrade.js";

export const RUNBOOK_FILE = "RUNBOOK.md";

export interface RunbookOptions {
  readonly source: string;
  readonly runbookTemplate: RunbookTemplate;
}

export function runbookDocument(host: Host, model: Model, _units: ReadonlyMap<string, string>, options: RunbookOptions, findings: readonly Finding[]): ReadonlyMap<string, string> {
  const ctx = runbookContext(host, model, findings, options.source);
  return new Map([[RUNBOOK_FILE, normalizeText(options.runbookTemplate(buildRunbookView(ctx)))]]);
}

export function runbookContext(host: Host, model: Model, findings: readonly Finding[], source: string): RunbookContext {
  const { inventory, graph } = model;
  const services = graph.order.filter((s) => s.host === host.name);
  const names = new Set(services.map((s) => s.name));
  // A warning about another host's service belongs in that host's runbook.
  const warnings = findings.filter((f) => f.severity === "warning" && (f.path[0] !== "services" || names.has(String(f.path[1]))));
  return { inventory, graph, host, services, plan: model.plan, warnings, source };
}

export function buildRunbookView(ctx: RunbookContext): RunbookView {
  const { inventory, host } = ctx;
  const p = inventory.platform;
  const header = generatedHeader(ctx.source);
  return {
    header: header.map((line, i) => `${i === 0 ? "<!-- " : ""}${line}${i === header.length - 1 ? " -->" : ""}`),
    title: `${p.name} on ${host.name}: boot and recovery runbook`,
    intro: [
      `${p.name} on ${host.name} is ${ctx.services.length} rootless ${ctx.services.length === 1 ? "container" : "containers"} of the user ${p.user} (uid ${p.uid}), each a Quadlet unit, started by systemd in ${inventory.stages.length} ${inventory.stages.length === 1 ? "stage" : "stages"}: a stage starts only once every service of the one before it is healthy. This runbook is generated from \`${ctx.source}\` with the units, so its \`podman run\` commands start exactly the containers the units start.`,
      "Normally one command brings everything up (section 2). When it does not, section 3 goes stage by stage, with every container's manual fallback; section 7 covers a host that has lost its images, section 8 the known errors, section 10 an upgrade.",
    ],
    warnings: ctx.warnings.length ? [{ items: ctx.warnings.map(describeFinding) }] : [],
    user: p.user,
    rootChecks: rootChecks(ctx),
    rootFixes: rootFixes(ctx),
    userShell: userShell(inventory),
    userChecks: userChecks(ctx),
    imageChecks: imageChecks(ctx),
    userFixes: userFixes(),
    startAll: startAll(ctx),
    startNotes: startNotes(ctx),
    blocking: blocking(),
    blockingNotes: blockingNotes(ctx),
    stages: stageViews(ctx),
    prerequisiteChecks: prerequisiteChecks(ctx),
    checklist: checklist(ctx),
    checklistNotes: checklistNotes(ctx),
    checks: verificationChecks(ctx),
    checkNotes: checkCommandNotes(ctx),
    problems: problemViews(ctx),
    handover: { ...handover(ctx), note: handoverNote() },
    reference: { rows: referenceRows(ctx), notes: referenceNotes(ctx) },
    diagram: renderMermaid(buildDiagram(inventory, ctx.graph, ctx.services)),
    coldStart: coldStart(ctx),
    upgrade: upgrade(ctx),
  };
}
