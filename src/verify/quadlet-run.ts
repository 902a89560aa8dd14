// Runs the real Quadlet generator in user mode over copies of out/'s `.container` files:
// 1. dry runs (`quadlet -user -dryrun`), repeated after blanking each rejected key or dropping each
//    unparsable file, because Quadlet names only the first bad key of a file and stops reading
//    every file at the first parse error;
// 2. a real generation of the untouched copies, as systemd would get it at boot, to catch a
//    container that silently became no service;
// 3. a real generation of the repaired copies, with the [Install] links (`<target>.requires/`,
//    `.wants/`) the generator writes itself: what systemd-analyze and the stage checks look at,
//    so that one bad key does not hide every other problem behind "unit not found".
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Finding } from "./report.js";
import { parseQuadletStderr, toFinding, type QuadletMessage, type SourceFile } from "./quadlet-messages.js";
import { runTool } from "./run.js";

export interface QuadletRun {
  readonly quadlet: string;
  /** Folder with untouched copies of the `.container` files. */
  readonly inputDir: string;
  /** A second copy, repaired by the dry-run loop. */
  readonly scratchDir: string;
  /** Generated from inputDir: the boot-time view. */
  readonly bootDir: string;
  /** Generated from scratchDir: the view the later checks use. */
  readonly generatedDir: string;
  /** The stand-in podman baked into ExecStart= (Quadlet honours $PODMAN). */
  readonly podmanStub: string;
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly outDir: string;
  readonly timeoutMs: number;
}

// Bounded: each round removes at least one key or file, so this many rounds cover any sane unit set.
const MAX_ROUNDS = 100;

export async function runQuadlet(run: QuadletRun): Promise<Finding[]> {
  const findings = await dryRunRounds(run);
  // A real generation exits 1 when it skipped a file; the dry runs already said why.
  const generate = (from: string, to: string) =>
    runTool(run.quadlet, ["-user", "-no-kmsg-log", to], { env: quadletEnv(run, from), timeoutMs: run.timeoutMs });
  await generate(run.inputDir, run.bootDir);
  await generate(run.scratchDir, run.generatedDir);
  // After a parse error Quadlet reads no file at all; that finding already says so.
  if (findings.some((f) => f.message.includes("Quadlet cannot parse"))) return findings;
  const refused = new Set(findings.filter((f) => f.severity === "error").map((f) => f.file));
  return [...findings, ...(await missingServices(run)).filter((f) => !refused.has(f.file))];
}

async function dryRunRounds(run: QuadletRun): Promise<Finding[]> {
  const findings: Finding[] = [];
  const env = quadletEnv(run, run.scratchDir);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { stderr } = await runTool(run.quadlet, ["-user", "-dryrun"], { env, timeoutMs: run.timeoutMs });
    const messages = parseQuadletStderr(stderr);
    findings.push(...messages.map((m) => toFinding(m, run.sources, run.outDir)));
    if (!(await applyFixes(run.scratchDir, messages))) break;
  }
  return findings;
}

/** Blanks rejected keys and removes unreadable files; false when there was nothing to fix. */
async function applyFixes(dir: string, messages: readonly QuadletMessage[]): Promise<boolean> {
  let changed = false;
  for (const msg of messages) {
    if (msg.kind === "parse" || msg.kind === "convert") {
      await rm(join(dir, msg.file), { force: true });
      changed = true;
    } else if (msg.kind === "unsupported-key") {
      changed = (await blankKey(join(dir, msg.file), msg.group, msg.key)) || changed;
    }
  }
  return changed;
}

// Comments the key out rather than deleting it, so line numbers in later messages stay true.
async function blankKey(file: string, group: string, key: string): Promise<boolean> {
  const lines = (await readFile(file, "utf8")).split("\n");
  let section = "";
  let changed = false;
  const out = lines.map((line) => {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header?.[1] !== undefined) section = header[1];
    const isKey = section === group && new RegExp(`^\\s*${escapeRe(key)}\\s*=`).test(line);
    if (isKey) changed = true;
    return isKey ? `# (mcquad verify: blanked) ${line}` : line;
  });
  if (changed) await writeFile(file, out.join("\n"));
  return changed;
}

/** Every container must have become a service; a silent gap would only show at boot. */
async function missingServices(run: QuadletRun): Promise<Finding[]> {
  const generated = new Set(await readdir(run.bootDir));
  const findings: Finding[] = [];
  for (const [name, src] of run.sources) {
    const service = name.replace(/\.container$/, ".service");
    if (!generated.has(service)) {
      findings.push({ severity: "error", file: src.path, message: `Quadlet generated no ${service} from this file` });
    }
  }
  return findings;
}

function quadletEnv(run: QuadletRun, unitDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    // podman-systemd.unit(5), "Debugging a limited set of unit files": read only this folder.
    QUADLET_UNIT_DIRS: unitDir,
    // Undocumented: Quadlet takes the podman path for ExecStart= from $PODMAN
    // (pkg/systemd/quadlet/podmancmdline.go, podmanBinary()), so no binary is needed at
    // /usr/bin/podman for systemd-analyze to accept the units.
    PODMAN: run.podmanStub,
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
