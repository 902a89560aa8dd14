// The real Quadlet generator the verify tests run: Debian trixie's podman 5.4.2, unpacked by
// scripts/fetch-podman.sh into the cache on first use, so `npm test` on a fresh Debian machine
// needs no manual step. The script takes a lock, so parallel test files fetch it once.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const goodFixture = join(repo, "test", "verify", "fixtures", "good");

/** Long enough for apt-get update plus one package download on a slow mirror. */
export const FETCH_TIMEOUT_MS = 10 * 60_000;

export interface PodmanTree {
  readonly root: string;
  readonly quadlet: string;
  readonly manPage: string;
}

let cached: PodmanTree | undefined;

export function podmanTree(): PodmanTree {
  if (cached !== undefined) return cached;
  const cache = process.env["MCQUAD_CACHE"] ?? join(repo, ".cache");
  let root = join(cache, "podman-trixie");
  if (!existsSync(join(root, "usr", "libexec", "podman", "quadlet"))) {
    const script = join(repo, "scripts", "fetch-podman.sh");
    const out = execFileSync("bash", [script, cache], { encoding: "utf8", timeout: FETCH_TIMEOUT_MS, stdio: ["ignore", "pipe", "inherit"] });
    root = out.trim().split("\n").pop() ?? root;
  }
  cached = {
    root,
    quadlet: join(root, "usr", "libexec", "podman", "quadlet"),
    manPage: join(root, "usr", "share", "man", "man5", "podman-systemd.unit.5.gz"),
  };
  return cached;
}

const fetched = new Map<string, string>();

/** A tool a scripts/fetch-*.sh unpacks into the cache (path relative to its tree), fetched on first use. */
function fetchedTool(script: string, tree: string, tool: string): string {
  const cache = process.env["MCQUAD_CACHE"] ?? join(repo, ".cache");
  const path = join(cache, tree, tool);
  if (fetched.has(path)) return path;
  if (!existsSync(path)) {
    execFileSync("bash", [join(repo, "scripts", script), cache], { encoding: "utf8", timeout: FETCH_TIMEOUT_MS, stdio: ["ignore", "pipe", "inherit"] });
  }
  fetched.set(path, path);
  return path;
}

/**
 * Debian trixie's systemd-analyze (257, what the units run under), fetched by
 * scripts/fetch-systemd.sh like Quadlet; verify finds it in the cache and prefers it.
 */
export const systemdTree = (): string => fetchedTool("fetch-systemd.sh", "systemd-trixie", "usr/bin/systemd-analyze-trixie");

/** Debian trixie's Graphviz `dot` (scripts/fetch-graphviz.sh), to render the boot graph. */
export const graphvizDot = (): string => fetchedTool("fetch-graphviz.sh", "graphviz-trixie", "bin/dot");

/** A copy of the good unit set with some files edited or removed; the caller removes it. */
export function unitSet(edits: Record<string, ((text: string) => string) | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-verify-test-"));
  cpSync(goodFixture, dir, { recursive: true });
  for (const [name, edit] of Object.entries(edits)) {
    const file = join(dir, name);
    if (edit === null) rmSync(file);
    else writeFileSync(file, edit(existsSync(file) ? readFileSync(file, "utf8") : ""));
  }
  return dir;
}

/** Replaces exactly one occurrence, so a fixture change that breaks an edit fails loudly. */
export function replaceOnce(from: string, to: string): (text: string) => string {
  return (text) => {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}"`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  };
}

/** 1-based line of the first line of `text` that starts with `prefix`. */
export function lineOf(text: string, prefix: string): number {
  const index = text.split("\n").findIndex((l) => l.startsWith(prefix));
  if (index < 0) throw new Error(`no line starting with "${prefix}"`);
  return index + 1;
}
