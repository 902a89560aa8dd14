// Shared by the tests: the repository's paths and the pipeline with the real template.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, type GenerateResult } from "../src/generate.js";
import { loadApplyTemplate, loadCheckTemplate, loadModuleTemplate, loadRunbookTemplate, loadUnitTemplate } from "../src/render/template-file.js";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
export const fixtures = join(repo, "test", "fixtures");

/** Golden files are rewritten only on request: MCQUAD_UPDATE_GOLDEN=1 npx vitest run. */
export const updateGolden = process.env["MCQUAD_UPDATE_GOLDEN"] === "1";

const template = loadUnitTemplate();
const runbookTemplate = loadRunbookTemplate();
const moduleTemplate = loadModuleTemplate();
const checkTemplate = loadCheckTemplate();
const applyTemplate = loadApplyTemplate();

export function generateFile(path: string, source = "services.yaml"): GenerateResult {
  return generate(readFileSync(path, "utf8"), { source, template, runbookTemplate, moduleTemplate, checkTemplate, applyTemplate });
}

export function generateText(text: string): GenerateResult {
  return generate(text, { source: "services.yaml", template, runbookTemplate, moduleTemplate, checkTemplate, applyTemplate });
}

/** Every file below `dir`, relative, sorted by code unit. */
export function readTree(dir: string, prefix = ""): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) for (const [k, v] of readTree(path, `${prefix}${e.name}/`)) files.set(k, v);
    else files.set(`${prefix}${e.name}`, readFileSync(path, "utf8"));
  }
  return files;
}

export function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [name, text] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** Runs the CLI as a user does: a real process, from `cwd`, without colour. */
export function mcquad(args: readonly string[], cwd: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, "bin", "mcquad.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
