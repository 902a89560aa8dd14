// Inventory text → resolved inventory, boot graph and every finding: the part of the pipeline
// that validate, plan and build share.
import { loadInventory } from "./inventory/load.js";
import { normalizeInventory, type Overrides } from "./inventory/normalize.js";
import type { Inventory } from "./inventory/model.js";
import { buildGraph, type ServiceGraph } from "./graph/graph.js";
import { checkInventory } from "./check/index.js";
import type { Finding } from "./report/finding.js";

export interface Model {
  readonly inventory: Inventory;
  readonly graph: ServiceGraph;
}

export interface Analysis {
  readonly findings: readonly Finding[];
  /** Present when the inventory could be resolved (it may still have errors). */
  readonly model?: Model;
}

export function analyzeInventory(text: string, overrides: Overrides = {}): Analysis {
  const loaded = loadInventory(text);
  if (!loaded.raw) return { findings: loaded.findings };
  const { inventory, findings } = normalizeInventory(loaded.raw, overrides);
  findings.unshift(...loaded.findings);
  const { graph, findings: graphFindings } = buildGraph(inventory, loaded.omitted);
  // The rules below tolerate an unsound graph (unknown names are left out of it, cycles are
  // walked once), so one run reports everything.
  findings.push(...graphFindings, ...checkInventory(inventory, graph));
  return { findings, model: { inventory, graph } };
}
