// `mcquad import`: a runbook's `podman run` commands (a shell script, or the code blocks of a
// Markdown document) → an inventory mcquad accepts, and every finding the operator must see.
// Pure: the text in, the YAML text and the findings out.
import { findRunCommands } from "../podman/find-commands.js";
import type { Finding } from "../report/finding.js";
import type { ImportOptions, ImportedService } from "./model.js";
import { readDocumentOrder } from "./order.js";
import { importService, warningAt } from "./service.js";
import { assignStages } from "./stages.js";
import { writeInventory } from "./inventory.js";

export interface ImportResult {
  /** Undefined when the source has no `podman run` command. */
  readonly text?: string;
  readonly services: number;
  readonly stages: number;
  /** Warnings, in the source's order: where they have a position, it is in the source. */
  readonly findings: readonly Finding[];
}

export function importRunbook(source: string, options: ImportOptions): ImportResult {
  const imported = findRunCommands(source).map(importService);
  const findings = imported.flatMap((i) => i.findings);
  const services = uniqueNames(imported.flatMap((i) => (i.service ? [i.service] : [])), findings);
  if (services.length === 0) return { services: 0, stages: 0, findings };
  const plan = assignStages(readDocumentOrder(source), services);
  const { text, findings: written } = writeInventory(services, plan, options);
  const all = [...findings, ...plan.findings, ...written];
  const byPosition = (f: Finding) => (f.position ? f.position.line * 1e6 + f.position.col : 0);
  return { text, services: services.length, stages: plan.stages.length, findings: all.sort((a, b) => byPosition(a) - byPosition(b)) };
}

/** Two commands that start the same container name: the later one gets a suffix, and a warning. */
function uniqueNames(services: readonly ImportedService[], findings: Finding[]): ImportedService[] {
  const seen = new Set<string>();
  return services.map((s) => {
    let name = s.name;
    for (let n = 2; seen.has(name); n++) name = `${s.name}-${n}`;
    seen.add(name);
    if (name === s.name) return s;
    findings.push(warningAt(s.imageWord, `a second container named ${s.name}: imported as ${name}`, "keep one of them: the later `podman run` would fail or replace the first"));
    return { ...s, name };
  });
}
