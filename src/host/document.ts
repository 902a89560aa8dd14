// A host's documents beside its units (the door, the runbook, the NixOS module, the check command, the apply script): each derived
// from the same model and the rendered units, each returning its files (name → contents); none
// writes. src/generate.ts calls them in order.
import type { Host } from "../inventory/model.js";
import type { Model } from "../analyze.js";
import type { Finding } from "../report/finding.js";
import type { Template } from "../render/render.js";
import type { RunbookTemplate } from "../runbook/view.js";
import type { ModuleTemplate } from "../nixos/view.js";
import type { CheckCommandTemplate } from "../checks/view.js";
import type { ApplyTemplate } from "../apply/view.js";

export interface DocumentOptions {
  /** How the inventory is named in headers and messages, e.g. `services.yaml`. */
  readonly source: string;
  readonly template: Template;
  readonly runbookTemplate: RunbookTemplate;
  readonly moduleTemplate: ModuleTemplate;
  readonly checkTemplate: CheckCommandTemplate;
  readonly applyTemplate: ApplyTemplate;
}

export type HostDocument = (host: Host, model: Model, units: ReadonlyMap<string, string>, options: DocumentOptions, findings: readonly Finding[]) => ReadonlyMap<string, string>;
