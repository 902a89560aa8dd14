// The pure pipeline: inventory text in, file names and contents out. No file system, no process:
// the CLI and the output writer do that.
import { analyzeInventory, type Analysis, type Model } from "./analyze.js";
import type { Overrides } from "./inventory/normalize.js";
import { renderUnit } from "./render/render.js";
import { hasErrors, byCodeUnit, type Finding } from "./report/finding.js";
import { runbookDocument } from "./runbook/runbook.js";
import { nixosModuleDocument } from "./nixos/module.js";
import { doorDocument } from "./door/document.js";
import { checkCommandDocument } from "./checks/script.js";
import { applyDocument } from "./apply/apply.js";
import type { DocumentOptions, HostDocument } from "./host/document.js";

export interface GenerateOptions extends DocumentOptions {
  readonly overrides?: Overrides;
}

export interface GenerateResult extends Analysis {
  /** File name (relative to the output folder) → contents, sorted by name; empty on errors. */
  readonly files: ReadonlyMap<string, string>;
}

/** What one host's folder holds besides its units (src/host/document.ts). */
const documents: readonly HostDocument[] = [doorDocument, runbookDocument, nixosModuleDocument, checkCommandDocument, applyDocument];

export function generate(text: string, options: GenerateOptions): GenerateResult {
  const analysis = analyzeInventory(text, { source: options.source, ...(options.overrides ? { overrides: options.overrides } : {}) });
  if (!analysis.model || hasErrors(analysis.findings)) return { ...analysis, files: new Map() };
  const model = analysis.model;
  const multiHost = model.units.length > 1;
  const files = new Map<string, string>();
  for (const { host, units: built } of model.units) {
    // One host: out/ is that host's. Several: a folder each, so no unit is installed on the wrong host.
    const prefix = multiHost ? `${host.name}/` : "";
    const units = new Map(built.map(({ unit }) => [unit.fileName, renderUnit(unit, options.template)]));
    const all = [units, ...documents.map((d) => d(host, model, units, options, analysis.findings))];
    for (const produced of all) for (const [name, contents] of produced) files.set(`${prefix}${name}`, contents);
  }
  return { ...analysis, files: new Map([...files].sort(([a], [b]) => byCodeUnit(a, b))) };
}
