// The runbook's two contracts: what its parts read (RunbookContext: one host's services in boot
// order, the plan's timings) and what templates/runbook.hbs prints (RunbookView). Every decision
// (which checks, which commands, what a service waits for) is made in TypeScript; lists that may
// be empty replace {{#if}} in the template; code lines arrive finished, quoted for sh.
import type { Host, Inventory, Service, Stage } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import type { Plan, PlannedService } from "../plan/plan.js";
import type { Finding } from "../report/finding.js";

export interface RunbookContext {
  readonly inventory: Inventory;
  readonly graph: ServiceGraph;
  readonly host: Host;
  /** This host's services, in boot order (stage, wave, name). */
  readonly services: readonly Service[];
  readonly plan: Plan;
  /** Warnings about this host's services and about the stages. */
  readonly warnings: readonly Finding[];
  readonly source: string;
}

export const runtimeDir = (inventory: Inventory): string => `/run/user/${inventory.platform.uid}`;

export const lastStage = (inventory: Inventory): Stage => inventory.stages[inventory.stages.length - 1] as Stage;

const plannedIndex = new WeakMap<Plan, Map<string, PlannedService>>();

/** A service's plan, through an index built once per plan (linear, not one search per service). */
export function planned(ctx: RunbookContext, name: string): PlannedService {
  let index = plannedIndex.get(ctx.plan);
  if (!index) plannedIndex.set(ctx.plan, (index = new Map(ctx.plan.services.map((s) => [s.name, s]))));
  return index.get(name) as PlannedService;
}

export type RunbookTemplate = (view: RunbookView) => string;

export interface RunbookView {
  /** The generated-file marker as an HTML comment, line by line. */
  readonly header: readonly string[];
  readonly title: string;
  readonly intro: readonly string[];
  /** Zero or one: the warnings section appears only when there is something to say. */
  readonly warnings: readonly { readonly items: readonly string[] }[];
  readonly user: string;
  readonly rootChecks: readonly string[];
  readonly rootFixes: readonly string[];
  readonly userShell: readonly string[];
  readonly userChecks: readonly string[];
  /** Zero or one: the check that names each image the boot cannot pull and storage lacks. */
  readonly imageChecks: readonly { readonly lines: readonly string[] }[];
  readonly userFixes: readonly string[];
  readonly startAll: readonly string[];
  readonly startNotes: readonly string[];
  readonly blocking: readonly string[];
  readonly blockingNotes: readonly string[];
  readonly stages: readonly StageView[];
  readonly prerequisiteChecks: readonly string[];
  readonly checklist: readonly string[];
  readonly checklistNotes: readonly string[];
  readonly checks: readonly string[];
  readonly checkNotes: readonly string[];
  readonly problems: readonly ProblemView[];
  readonly handover: { readonly paragraphs: readonly string[]; readonly steps: readonly string[]; readonly note: string };
  readonly reference: { readonly rows: readonly string[]; readonly notes: readonly string[] };
  readonly diagram: readonly string[];
  readonly coldStart: ColdStartView;
  readonly upgrade: UpgradeView;
}

export interface StageView {
  readonly heading: string;
  readonly start: readonly string[];
  /** Zero or one: the stage's checks, after its start command. */
  readonly checks: readonly { readonly lines: readonly string[] }[];
  readonly facts: readonly string[];
  readonly services: readonly ServiceView[];
  readonly pending: readonly string[];
}

export interface ServiceView {
  readonly heading: string;
  readonly facts: readonly string[];
  /** Stop the unit, then the `podman run`. */
  readonly run: readonly string[];
  readonly check: readonly string[];
}

/** One known problem in "Common errors". */
export interface ProblemView {
  readonly anchor: string;
  readonly heading: string;
  readonly facts: readonly string[];
  readonly fix: readonly string[];
  /** Zero or one line: what the fix costs, in bold when it loses data. */
  readonly cost: readonly string[];
}

/** Section 8: changed units reach the running platform through the apply step. */
export interface UpgradeView {
  readonly paragraphs: readonly string[];
  /** Installing and applying on a host without NixOS. */
  readonly commands: readonly string[];
  /** What apply does, in order. */
  readonly steps: readonly string[];
  readonly rollback: string;
}

export interface ColdStartView {
  readonly paragraphs: readonly string[];
  /** Images the boot cannot pull: they must be in storage first. */
  readonly cached: readonly string[];
  /** Zero or one: images pulled from the registry once it is up. */
  readonly pulled: readonly { readonly items: readonly string[] }[];
  /** The commands, one code block each: save where the images are, load and check on the host. */
  readonly blocks: readonly (readonly string[])[];
}
