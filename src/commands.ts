// What each command does, with its I/O: read the inventory, run the pipeline, print, write.
// Returns the exit code; the CLI maps argv to these and nothing else.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { generate, type GenerateResult } from "./generate.js";
import { analyzeInventory } from "./analyze.js";
import type { Overrides } from "./inventory/normalize.js";
import { loadApplyTemplate, loadCheckTemplate, loadModuleTemplate, loadRunbookTemplate, loadUnitTemplate } from "./render/template-file.js";
import { planOutput, writeOutput } from "./output/write.js";
import { untrackedFiles, untrackedWarning } from "./output/git.js";
import { unifiedDiff } from "./output/diff.js";
import { formatFindings, summary, type Style } from "./report/format.js";
import { hasErrors, type Finding } from "./report/finding.js";
import { decodeInventory } from "./inventory/decode.js";
import { PathError, onPath, pathProblem } from "./output/path-error.js";
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

/** The file's bytes; a PathError (exit 2) naming it and the reason when it cannot be read. */
function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new PathError([`${pathProblem(path, e)} (${what})`]);
  }
}

/** The inventory's text, or undefined once bytes that are not UTF-8 are reported (exit 1). */
export function readInventory(opts: CommonOptions, io: Io): string | undefined {
  const { text, findings } = decodeInventory(readBytes(opts.inventory, "the inventory"));
  if (findings.length === 0) return text;
  report(findings, text, opts, io);
  return undefined;
}

export function report(findings: readonly Finding[], text: string, opts: CommonOptions, io: Io): void {
  if (findings.length === 0) return;
  io.err(`${formatFindings(findings, text, opts.inventory, io.style)}\n${summary(findings)}\n`);
}

export function runGenerate(opts: CommonOptions, io: Io): { text: string; result: GenerateResult } | undefined {
  const text = readInventory(opts, io);
  if (text === undefined) return undefined;
  const result = generate(text, { source: basename(opts.inventory), template: loadUnitTemplate(), runbookTemplate: loadRunbookTemplate(), moduleTemplate: loadModuleTemplate(), checkTemplate: loadCheckTemplate(), applyTemplate: loadApplyTemplate(), overrides: opts.overrides });
  report(result.findings, text, opts, io);
  return { text, result };
}

export function buildCommand(opts: CommonOptions & { out: string }, io: Io): number {
  const result = runGenerate(opts, io)?.result;
  if (!result || hasErrors(result.findings)) return 1;
  const plan = planOutput(opts.out, result.files);
  writeOutput(opts.out, result.files, plan);
  const n = (list: readonly string[]) => list.length;
  io.out(`${opts.out}: ${n(plan.create)} created, ${n(plan.update)} updated, ${n(plan.remove)} removed, ${n(plan.unchanged)} unchanged\n`);
  // Documents (the runbook) are read by people; everything else there, by the module.
  const untracked = untrackedFiles(opts.out, [...result.files.keys()].filter((f) => !f.endsWith(".md")));
  if (untracked?.length) io.err(io.style.yellow(untrackedWarning(opts.out, untracked)));
  return 0;
}

export function checkCommand(opts: CommonOptions & { out: string }, io: Io): number {
  const result = runGenerate(opts, io)?.result;
  if (!result || hasErrors(result.findings)) return 1;
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
  const text = readInventory(opts, io);
  if (text === undefined) return 1;
  const { findings } = analyzeInventory(text, { overrides: opts.overrides });
  report(findings, text, opts, io);
  if (!hasErrors(findings)) io.out(`${opts.inventory} is valid${findings.length ? ` (${summary(findings)})` : ""}\n`);
  return hasErrors(findings) ? 1 : 0;
}

export function planCommand(opts: CommonOptions & { json: boolean }, io: Io): number {
  const text = readInventory(opts, io);
  if (text === undefined) return 1;
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
  io.out(`verify ${verdict}: ${report.checked.length} units in ${opts.out} (Quadlet ${report.tools.quadlet}, systemd ${report.tools.systemd} ${systemdOrigin(report.tools)}, ${report.durationMs} ms)\n`);
  return verifyHasErrors(report) ? 1 : 0;
}

// Which systemd judged the units: trixie's is the one they run under; the host's may be older.
function systemdOrigin(tools: Readonly<Record<string, string>>): string {
  if (tools["systemdFrom"] === "trixie") return "(Debian trixie's, as in the guest)";
  if (tools["systemdFrom"] === "given") return "(MCQUAD_SYSTEMD_ANALYZE)";
  return "(this host's; the units run under trixie's 257: scripts/fetch-systemd.sh)";
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
  const text = readBytes(opts.file, "the runbook").toString("utf8");
  if (opts.out !== undefined && existsSync(opts.out) && !opts.force) throw new UsageError(`${opts.out} exists: pass --force to overwrite it`);
  const user = { ...(opts.userName === undefined ? {} : { userName: opts.userName }), ...(opts.uid === undefined ? {} : { uid: opts.uid }) };
  const result = importRunbook(text, { source: basename(opts.file), host: opts.host, ...user });
  if (result.findings.length) io.err(formatImportFindings(result.findings, text, opts.file, io.style));
  if (result.text === undefined) return io.err(`${opts.file}: no \`podman run\` command found (in a Markdown file, only its code blocks are read)\n`), 1;
  const imported = result.text;
  if (opts.out === undefined) io.out(imported);
  else onPath(opts.out, () => writeFileSync(opts.out as string, imported));
  // Only the source can make it invalid (an unpinned image, two commands on one port): say so now.
  const errors = analyzeInventory(result.text).findings.filter((f) => f.severity === "error");
  if (errors.length) io.err(`${formatFindings(errors, result.text, opts.out ?? "(imported inventory)", io.style)}\nthe imported inventory does not validate yet: ${summary(errors)}\n`);
  if (opts.out !== undefined) io.out(`${opts.out}: ${result.services} services in ${result.stages} stages, imported from ${opts.file}; check its comments, then run \`npx mcquad validate --inventory ${opts.out}\`\n`);
  return 0;
}
