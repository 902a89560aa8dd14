// The pure pipeline: inventory text in, file names and contents out. No file system, no process:
// the CLI and the output writer do that.
import { analyzeInventory, type Analysis } from "./analyze.js";
import type { Overrides } from "./inventory/normalize.js";
import { buildContainerUnit } from "./units/container.js";
import { buildStageTarget } from "./units/target.js";
import type { UnitFile } from "./units/model.js";
import { renderUnit, type Template } from "./render/render.js";
import { hasErrors, byCodeUnit } from "./report/finding.js";

export interface GenerateOptions {
  /** How the inventory is named in headers and messages, e.g. `services.yaml`. */
  readonly source: string;
  readonly template: Template;
  readonly overrides?: Overrides;
}

export interface GenerateResult extends Analysis {
  /** File name (relative to the output folder) → contents, sorted by name; empty on errors. */
  readonly files: ReadonlyMap<string, string>;
}

export function generate(text: string, options: GenerateOptions): GenerateResult {
  const analysis = analyzeInventory(text, options.overrides);
  if (!analysis.model || hasErrors(analysis.findings)) return { ...analysis, files: new Map() };
  const { inventory, graph } = analysis.model;
  const multiHost = inventory.hosts.length > 1;
  const files = new Map<string, string>();
  for (const host of inventory.hosts) {
    const services = inventory.services.filter((s) => s.host === host.name);
    const units: UnitFile[] = [
      ...services.map((s) => buildContainerUnit(s, { inventory, graph, source: options.source })),
      ...inventory.stages.map((stage) => buildStageTarget(stage, inventory, services, options.source)),
    ];
    // One host: out/ is that host's. Several: a folder each, so no unit is installed on the wrong host.
    for (const unit of units) files.set(multiHost ? `${host.name}/${unit.fileName}` : unit.fileName, renderUnit(unit, options.template));
  }
  return { ...analysis, files: new Map([...files].sort(([a], [b]) => byCodeUnit(a, b))) };
}
