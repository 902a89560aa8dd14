// What each command does, with its I/O: read the inventory, run the pipeline, print, write.
// Returns the exit code; the CLI maps argv to these and nothing else.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { generate, type GenerateResult } from "./generate.js";
import { analyzeInventory } from "./analyze.js";
import type { Overrides } from "./inventory/normalize.js";
import { loadApplyTemplate, loadModuleTemplate, loadRunbookTemplate, loadUnitTemplate } from "./render/template-file.js";
import { planOutput, writeOutput } from "./output/write.js";
import { unifiedDiff } from "./output/diff.js";
import { formatFindings, summary, type Style } from "./report/format.js";
import { hasErrors, type Finding } from "./report/finding.js";
import { formatPlan } from "./plan/format.js";
import { importRunbook } from "./import/import.js";
import { formatImportFindings } from "./import/report.js";
import { verifyOutput, formatFinding, hasErrors as verifyHasErrors, VerifyToolError } from "./verify/index.js";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly style: Style;
}

export interface CommonOptions {
  readonly inventory: string;
  readonly overrides: Overrides;
}

/** A mistake in how mcquad was called (exit 2), as opposed to one in the inventory (exit 1). */
export class UsageError extends Error {}

export function readInventory(path: string, what = "the inventory"): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${path}: ${code === "ENOENT" ? "no such file" : String(code ?? e)}`);
  }
}

export function report(findings: readonly Finding[], text: string, opts: CommonOptions, io: Io): void {
  if (findings.length === 0) return;
  io.err(`${formatFindings(findings, text, opts.inventory, io.style)}\n${summary(findings)}\n`);
}

export function runGenerate(opts: CommonOptions, io: Io): { text: string; result: GenerateResult } {
  const text = readInventory(opts.inventory);
  const result = generate(text, { source: basename(opts.inventory), template: loadUnitTemplate(), runbookTemplate: loadRunbookTemplate(), moduleTemplate: loadModuleTemplate(), applyTemplate: loadApplyTemplate(), overrides: opts.overrides });
  report(result.findings, text, opts, io);
  return { text, result };
}

export function buildCommand(opts: CommonOptions & { out: string }, io: Io): number {
  const { result } = runGenerate(opts, io);
  if (hasErrors(result.findings)) return 1;
  const plan = planOutput(opts.out, result.files);
  writeOutput(opts.out, result.files, plan);
  const n = (list: readonly string[]) => list.length;
  io.out(`${opts.out}: ${n(plan.create)} created, ${n(plan.update)} updated, ${n(plan.remove)} removed, ${n(plan.unchanged)} unchanged\n`);
  return 0;
}

export function checkCommand(opts: CommonOptions & { out: string }, io: Io): number {
  const { result } = runGenerate(opts, io);
  if (hasErrors(result.findings)) return 1;
  const plan = planOutput(opts.out, result.files);
  const stale = [...plan.create, ...plan.update, ...plan.remove].sort();
  if (stale.length === 0) {
    io.out(`${opts.out} is up to date (${plan.unchanged.length} files)\n`);
    return 0;
  }
  for (const name of stale) {
    const path = join(opts.out, name);
    io.out(unifiedDiff(plan.existing.get(name) ?? "", result.files.get(name) ?? "", plan.create.includes(name) ? "/dev/null" : `a/${path}`, plan.remove.includes(name) ? "/dev/null" : `b/${path}`));
  }
  io.err(`${opts.out} is stale: ${stale.length} ${stale.length === 1 ? "file differs" : "files differ"} from what ${opts.inventory} generates; run \`npx mcquad build\`\n`);
  return 1;
}

export function validateCommand(opts: CommonOptions, io: Io): number {
  const text = readInventory(opts.inventory);
  const { findings } = analyzeInventory(text, { overrides: opts.overrides });
  report(findings, text, opts, io);
  if (!hasErrors(findings)) io.out(`${opts.inventory} is valid${findings.length ? ` (${summary(findings)})` : ""}\n`);
  return hasErrors(findings) ? 1 : 0;
}

export function planCommand(opts: CommonOptions & { json: boolean }, io: Io): number {
  const text = readInventory(opts.inventory);
  const { findings, model } = analyzeInventory(text, { overrides: opts.overrides });
  if (hasErrors(findings) || !model) return report(findings, text, opts, io), 1;
  const plan = model.plan;
  io.out(opts.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
  return 0;
}

/** Proves out/ with the real Quadlet generator and systemd-analyze (src/verify). */
export async function verifyCommand(opts: { inventory: string; out: string; quadlet?: string }, io: Io): Promise<number> {
  const podmanVersion = inventoryPodmanVersion(opts.inventory);
  let report;
  try {
    report = await verifyOutput({ outDir: opts.out, ...(opts.quadlet ? { quadlet: opts.quadlet } : {}), ...(podmanVersion ? { podmanVersion } : {}) });
  } catch (e) {
    if (e instanceof VerifyToolError) throw new UsageError(`${e.message}${e.hint ? `\n  hint: ${e.hint}` : ""}`);
    throw e;
  }
  for (const f of report.findings) io.err(`${formatFinding(f)}\n`);
  const verdict = verifyHasErrors(report) ? "FAILED" : "ok";
  io.out(`verify ${verdict}: ${report.checked.length} units in ${opts.out} (Quadlet ${report.tools.quadlet}, systemd ${report.tools.systemd}, ${report.durationMs} ms)\n`);
  return verifyHasErrors(report) ? 1 : 0;
}

/** The inventory's target Podman version, when the inventory is there and valid; verify runs without it. */
function inventoryPodmanVersion(path: string): string | undefined {
  try {
    return analyzeInventory(readFileSync(path, "utf8")).model?.inventory.podman;
  } catch {
    return undefined;
  }
}

export interface ImportCommandOptions {
  readonly file: string;
  /** Undefined: standard output. */
  readonly out?: string;
  readonly force: boolean;
  readonly host: string;
  readonly userName?: string;
  readonly uid?: number;
}

/** Warnings do not fail an import (exit 0): the output says what to check. No command at all does (exit 1). */
export function importCommand(opts: ImportCommandOptions, io: Io): number {
  const text = readInventory(opts.file, "the runbook");
  if (opts.out !== undefined && existsSync(opts.out) && !opts.force) throw new UsageError(`${opts.out} exists: pass --force to overwrite it`);
  const user = { ...(opts.userName === undefined ? {} : { userName: opts.userName }), ...(opts.uid === undefined ? {} : { uid: opts.uid }) };
  const result = importRunbook(text, { source: basename(opts.file), host: opts.host, ...user });
  if (result.findings.length) io.err(formatImportFindings(result.findings, text, opts.file, io.style));
  if (result.text === undefined) return io.err(`${opts.file}: no \`podman run\` command found (in a Markdown file, only its code blocks are read)\n`), 1;
  if (opts.out === undefined) io.out(result.text);
  else writeFileSync(opts.out, result.text);
  // Only the source can make it invalid (an unpinned image, two commands on one port): say so now.
  const errors = analyzeInventory(result.text).findings.filter((f) => f.severity === "error");
  if (errors.length) io.err(`${formatFindings(errors, result.text, opts.out ?? "(imported inventory)", io.style)}\nthe imported inventory does not validate yet: ${summary(errors)}\n`);
  if (opts.out !== undefined) io.out(`${opts.out}: ${result.services} services in ${result.stages} stages, imported from ${opts.file}; check its comments, then run \`npx mcquad validate --inventory ${opts.out}\`\n`);
  return 0;
}
