// Inventory text → resolved inventory, boot graph, unit model and every finding: the part of the
// pipeline that validate, plan and build share.
import { loadInventory } from "./inventory/load.js";
import { normalizeInventory, type Overrides } from "./inventory/normalize.js";
import type { Inventory } from "./inventory/model.js";
import { buildGraph, type ServiceGraph } from "./graph/graph.js";
import { checkInventory } from "./check/index.js";
import { checkSystemdVersion, checkVersion } from "./check/version.js";
import { buildUnits, type HostUnits } from "./units/build.js";
import { buildPlan, type Plan } from "./plan/plan.js";
import type { Finding } from "./report/finding.js";

export interface Model {
  readonly inventory: Inventory;
  readonly graph: ServiceGraph;
  readonly units: readonly HostUnits[];
  /** The boot plan, derived on first use and then shared (runbook, module, plan, explain). */
  readonly plan: Plan;
}

export interface Analysis {
  readonly findings: readonly Finding[];
  /** Present when the inventory could be resolved (it may still have errors). */
  readonly model?: Model;
}

export interface AnalyzeOptions {
  readonly overrides?: Overrides;
  /** How the inventory is named in generated headers, e.g. `services.yaml`. */
  readonly source?: string;
}

export function analyzeInventory(text: string, options: AnalyzeOptions = {}): Analysis {
  const loaded = loadInventory(text);
  if (!loaded.raw) return { findings: loaded.findings };
  const { inventory, findings } = normalizeInventory(loaded.raw, options.overrides);
  findings.unshift(...loaded.findings);
  const { graph, findings: graphFindings } = buildGraph(inventory, loaded.omitted);
  // The rules below tolerate an unsound graph (unknown names are left out of it, cycles are
  // walked once), so one run reports everything.
  findings.push(...graphFindings, ...checkInventory(inventory, graph));
  const units = buildUnits(inventory, graph, options.source ?? "services.yaml");
  findings.push(...checkVersion(units, inventory.podman), ...checkSystemdVersion(units, inventory.systemd));
  let plan: Plan | undefined;
  return { findings, model: { inventory, graph, units, get plan() { return (plan ??= buildPlan(inventory, graph)); } } };
}
