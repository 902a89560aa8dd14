// The pure pipeline: inventory text in, file names and contents out. No file system, no process:
// the CLI and the output writer do that.
import { analyzeInventory, type Analysis, type Model } from "./analyze.js";
import type { Overrides } from "./inventory/normalize.js";
import type { Host } from "./inventory/model.js";
import { renderUnit, type Template } from "./render/render.js";
import { hasErrors, byCodeUnit, type Finding } from "./report/finding.js";
import { runbookDocument } from "./runbook/runbook.js";
import type { RunbookTemplate } from "./runbook/view.js";
import { nixosModuleDocument, type ModuleTemplate } from "./nixos/module.js";
import { applyDocument, type ApplyTemplate } from "./apply/apply.js";

export interface GenerateOptions {
  /** How the inventory is named in headers and messages, e.g. `services.yaml`. */
  readonly source: string;
  readonly template: Template;
  readonly runbookTemplate: RunbookTemplate;
  readonly moduleTemplate: ModuleTemplate;
  readonly applyTemplate: ApplyTemplate;
  readonly overrides?: Overrides;
}

export interface GenerateResult extends Analysis {
  /** File name (relative to the output folder) → contents, sorted by name; empty on errors. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * What one host's folder holds besides its units: documents derived from the same model and the
 * rendered units (file name → contents). Each returns its files; none writes.
 */
export type HostDocument = (host: Host, model: Model, units: ReadonlyMap<string, string>, options: GenerateOptions, findings: readonly Finding[]) => ReadonlyMap<string, string>;

const documents: readonly HostDocument[] = [runbookDocument, nixosModuleDocument, applyDocument];

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
