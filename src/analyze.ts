// Inventory text → resolved inventory, boot graph and every finding: the part of the pipeline
// that validate, plan and build share.
import { loadInventory } from "./inventory/load.js";
import { normalizeInventory, type Overrides } from "./inventory/normalize.js";
import type { Inventory } from "./inventory/model.js";
import { buildGraph, type ServiceGraph } from "./graph/graph.js";
import { checkInventory } from "./check/index.js";
import { type Finding, hasErrors } from "./report/finding.js";

export interface Analysis {
  readonly findings: readonly Finding[];
  /** Present when the inventory could be resolved (it may still have errors). */
  readonly model?: { readonly inventory: Inventory; readonly graph: ServiceGraph };
}

export function analyzeInventory(text: string, overrides: Overrides = {}): Analysis {
  const loaded = loadInventory(text);
  if (!loaded.ok) return { findings: loaded.findings };
  const { inventory, findings } = normalizeInventory(loaded.raw, overrides);
  const { graph, findings: graphFindings } = buildGraph(inventory);
  findings.push(...graphFindings);
  // Rules over the graph assume it is sound (known names, no cycles).
  if (!hasErrors(graphFindings)) findings.push(...checkInventory(inventory, graph));
  return { findings, model: { inventory, graph } };
}
