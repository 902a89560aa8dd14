// Runs `systemd-analyze --user verify` (systemd-analyze(1)) over the generated services and the
// stage targets, in a sealed-off user manager view: SYSTEMD_UNIT_PATH names exactly the folders
// to read (no trailing ':' so no host unit folder sneaks in), XDG dirs point into the work dir.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAnalyzeOutput } from "./analyze-messages.js";
import type { Finding } from "./report.js";
import { runTool } from "./run.js";
import type { UnitSources } from "./sources.js";
import { indexUnit, type UnitIndex } from "./unit-lines.js";
import type { WorkDir } from "./workdir.js";

export interface AnalyzeRun {
  readonly systemdAnalyze: string;
  /** Holds basic.target, default.target: the user manager's own units. */
  readonly systemdUserUnitDir: string;
  readonly work: WorkDir;
  readonly sources: UnitSources;
  readonly timeoutMs: number;
}

export async function runAnalyze(run: AnalyzeRun): Promise<Finding[]> {
  const { work } = run;
  const units = [
    ...(await unitFiles(work.generated, ".service")),
    ...(await unitFiles(work.targets, ".target")),
  ];
  if (units.length === 0) return [];
  const unitPath = [work.generated, work.targets, work.podmanUnits, run.systemdUserUnitDir];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: work.runtime,
    XDG_RUNTIME_DIR: work.runtime,
    XDG_CONFIG_HOME: join(work.runtime, "config"),
    XDG_DATA_HOME: join(work.runtime, "data"),
    SYSTEMD_UNIT_PATH: unitPath.join(":"),
    SYSTEMD_COLORS: "0",
    SYSTEMD_PAGER: "",
  };
  // --man=no: do not run man(1) for Documentation= entries; only the units matter here.
  const args = ["--user", "--man=no", "verify", ...units];
  const result = await runTool(run.systemdAnalyze, args, { env, timeoutMs: run.timeoutMs });
  const files = new Map<string, UnitIndex>();
  for (const file of units) files.set(file, indexUnit(await readFile(file, "utf8")));
  const findings = parseAnalyzeOutput(`${result.stdout}\n${result.stderr}`, {
    sources: run.sources,
    files,
    standIns: new Set([work.podmanStub]),
  });
  if (result.code !== 0 && !findings.some((f) => f.severity === "error")) {
    findings.push({
      severity: "error",
      file: run.sources.outDir,
      message: `systemd-analyze verify failed (exit ${result.code}) without a message mcquad understands: ${result.stderr.trim()}`,
    });
  }
  return findings;
}

async function unitFiles(dir: string, suffix: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith(suffix)).sort().map((n) => join(dir, n));
}
