// `mcquad verify`: proves that the units in out/ work with the real tools, not just that mcquad
// thinks they do. Quadlet must accept every `.container`, systemd-analyze must find no unknown
// key, missing unit or ordering cycle, and the graph must start the stages in order.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareVersions } from "../units/quadlet-keys.js";
import { runAnalyze } from "./analyze.js";
import { loadUnitGraph } from "./graph.js";
import { runQuadlet } from "./quadlet-run.js";
import { normaliseFindings, type Finding, type VerifyReport } from "./report.js";
import { DEFAULT_TIMEOUT_MS } from "./run.js";
import { UnitSources } from "./sources.js";
import { checkStages } from "./stages.js";
import { findTools, type Tools } from "./tools.js";
import { pointExecAtStub, prepareWorkDir } from "./workdir.js";

export interface VerifyOptions {
  /** The folder mcquad wrote (`out/`). */
  readonly outDir: string;
  /** `--quadlet PATH`; else $MCQUAD_QUADLET, PATH, the usual places, the fetch-podman.sh cache. */
  readonly quadlet?: string;
  readonly systemdAnalyze?: string;
  /** The inventory's `podman:` version; a generator of another major.minor gets a warning. */
  readonly podmanVersion?: string;
  /** Per tool run (default 60 s). */
  readonly timeoutMs?: number;
}

/** Throws VerifyToolError when a tool is missing; every problem with the units is a finding. */
export async function verifyOutput(opts: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const tools = await findTools({ quadlet: opts.quadlet, systemdAnalyze: opts.systemdAnalyze });
  const names = (await readdir(opts.outDir)).filter((n) => /\.(container|target)$/.test(n)).sort();
  const sources = await UnitSources.load(opts.outDir, names);
  const findings: Finding[] = [...versionWarning(opts, tools)];
  if (names.length === 0) {
    findings.push({ severity: "error", file: opts.outDir, message: "no .container or .target files to verify" });
  } else {
    findings.push(...(await verifyIn(opts, tools, names, sources)));
  }
  return {
    findings: normaliseFindings(findings),
    tools: { quadlet: tools.quadletVersion, systemd: tools.systemdVersion, systemdFrom: tools.systemdOrigin },
    checked: names,
    durationMs: Math.round(performance.now() - started),
  };
}

async function verifyIn(opts: VerifyOptions, tools: Tools, names: string[], sources: UnitSources): Promise<Finding[]> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const root = await mkdtemp(join(tmpdir(), "mcquad-verify-"));
  try {
    const work = await prepareWorkDir(root, opts.outDir, names, tools.podmanUserUnitDir);
    const quadletFindings = await runQuadlet({
      quadlet: tools.quadlet,
      inputDir: work.input,
      scratchDir: work.scratch,
      bootDir: work.boot,
      generatedDir: work.generated,
      podmanStub: work.podmanStub,
      sources: sources.containers(),
      outDir: opts.outDir,
      timeoutMs,
    });
    await pointExecAtStub(work.generated, work.podmanStub);
    const analyzeFindings = await runAnalyze({ systemdAnalyze: tools.systemdAnalyze, systemdUserUnitDir: tools.systemdUserUnitDir, work, sources, timeoutMs });
    const graph = await loadUnitGraph([work.generated, work.targets]);
    const services = (await readdir(work.generated)).filter((n) => n.endsWith(".service")).sort();
    const targets = names.filter((n) => n.endsWith(".target"));
    const stageFindings = checkStages(graph, targets, services, sources);
    // The graph names every cycle once; systemd-analyze names the first per start job, from
    // wherever it started: keep systemd's only when the graph found none.
    const graphSawCycles = stageFindings.some(isCycle);
    const fromAnalyze = analyzeFindings.filter((f) => !(graphSawCycles && isCycle(f)));
    return [...quadletFindings, ...fromAnalyze, ...stageFindings];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function isCycle(f: Finding): boolean {
  return f.message.startsWith("ordering cycle:");
}

function versionWarning(opts: VerifyOptions, tools: Tools): Finding[] {
  if (opts.podmanVersion === undefined) return [];
  const minor = (v: string): string => v.split(".").slice(0, 2).join(".");
  if (compareVersions(minor(tools.quadletVersion), minor(opts.podmanVersion)) === 0) return [];
  return [
    {
      severity: "warning",
      file: opts.outDir,
      message: `verified with Quadlet ${tools.quadletVersion} (${tools.quadlet}), but the inventory targets Podman ${opts.podmanVersion}`,
      hint: "scripts/fetch-podman.sh fetches 5.4.2; pass it with --quadlet",
    },
  ];
}
