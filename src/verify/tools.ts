// Finds the programs `verify` runs: Podman's Quadlet generator and systemd-analyze, plus the
// unit folders systemd-analyze needs. A missing tool is an error that says how to get it; verify
// never passes silently because it could not check.
import { accessSync, constants, existsSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { runTool, VerifyToolError } from "./run.js";
import { packageRoot } from "../paths.js";

export interface ToolOptions {
  /** `--quadlet PATH`: used as given, never second-guessed. */
  readonly quadlet?: string;
  readonly systemdAnalyze?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface Tools {
  readonly quadlet: string;
  readonly quadletVersion: string;
  readonly systemdAnalyze: string;
  readonly systemdVersion: string;
  /** Where that systemd-analyze came from: "trixie" (scripts/fetch-systemd.sh) or "host". */
  readonly systemdOrigin: "trixie" | "host" | "given";
  /** Holds basic.target and default.target, which every user unit depends on. */
  readonly systemdUserUnitDir: string;
  /** Holds podman-user-wait-network-online.service, or undefined (verify writes a stand-in). */
  readonly podmanUserUnitDir: string | undefined;
}

const REPO_ROOT = packageRoot;
const FETCH_HINT =
  "run scripts/fetch-podman.sh (unpacks Debian trixie's podman 5.4.2 into .cache/, installs nothing), " +
  "or apt-get install podman, or pass --quadlet PATH (or set MCQUAD_QUADLET)";

export async function findTools(opts: ToolOptions = {}): Promise<Tools> {
  const env = opts.env ?? process.env;
  const quadlet = findQuadlet(opts.quadlet, env);
  const { path: systemdAnalyze, origin: systemdOrigin } = findSystemdAnalyze(opts.systemdAnalyze, env);
  const [quadletVersion, systemdVersion] = await Promise.all([
    toolVersion(quadlet, ["-version"], /(\d+\.\d+(?:\.\d+)?)/),
    toolVersion(systemdAnalyze, ["--version"], /^systemd (\d+)/m),
  ]);
  return {
    quadlet,
    quadletVersion,
    systemdAnalyze,
    systemdVersion,
    systemdOrigin,
    systemdUserUnitDir: findSystemdUserUnitDir(systemdAnalyze),
    podmanUserUnitDir: findPodmanUserUnitDir(quadlet),
  };
}

/** Where Quadlet is looked for, in order, after an explicit path and $MCQUAD_QUADLET. */
export function quadletCandidates(env: NodeJS.ProcessEnv): string[] {
  const fromPath = onPath("quadlet", env);
  const podman = onPath("podman", env);
  // NixOS has no /usr/libexec: the generator sits under podman's own store prefix.
  const besidePodman = podman === undefined ? [] : [podman, safeRealpath(podman)].map(
    (p) => join(dirname(dirname(p)), "libexec", "podman", "quadlet"),
  );
  const cache = env["MCQUAD_CACHE"] ?? join(REPO_ROOT, ".cache");
  return unique([
    ...(fromPath === undefined ? [] : [fromPath]),
    "/usr/libexec/podman/quadlet",
    "/usr/lib/podman/quadlet",
    "/run/current-system/sw/libexec/podman/quadlet",
    ...besidePodman,
    join(cache, "podman-trixie", "usr", "libexec", "podman", "quadlet"),
  ]);
}

function findQuadlet(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  const given = explicit ?? env["MCQUAD_QUADLET"];
  if (given !== undefined && given !== "") {
    if (isExecutable(given)) return given;
    const via = explicit !== undefined ? "--quadlet" : "MCQUAD_QUADLET";
    throw new VerifyToolError(`Quadlet generator not found at ${given} (from ${via})`, FETCH_HINT);
  }
  const candidates = quadletCandidates(env);
  const found = candidates.find(isExecutable);
  if (found !== undefined) return found;
  throw new VerifyToolError(
    `Podman's Quadlet generator was not found; looked in: ${candidates.join(", ")}`,
    FETCH_HINT,
  );
}

/** trixie's systemd-analyze, fetched by scripts/fetch-systemd.sh and run through trixie's loader. */
export function trixieSystemdAnalyze(env: NodeJS.ProcessEnv): string {
  const cache = env["MCQUAD_CACHE"] ?? join(REPO_ROOT, ".cache");
  return join(cache, "systemd-trixie", "usr", "bin", "systemd-analyze-trixie");
}

// The units run under Debian trixie's systemd 257 (the guest, and rift's generation): its
// systemd-analyze knows keys and checks an older host's does not, so it comes first; the host's
// is the fallback, and verify's summary says which one judged.
function findSystemdAnalyze(explicit: string | undefined, env: NodeJS.ProcessEnv): { path: string; origin: Tools["systemdOrigin"] } {
  const given = explicit ?? env["MCQUAD_SYSTEMD_ANALYZE"];
  if (given) {
    if (isExecutable(given)) return { path: given, origin: "given" };
    throw new VerifyToolError(`systemd-analyze not found at ${given}`, SYSTEMD_HINT);
  }
  const trixie = trixieSystemdAnalyze(env);
  if (isExecutable(trixie)) return { path: trixie, origin: "trixie" };
  const candidates = unique([
    ...[onPath("systemd-analyze", env)].filter((p): p is string => p !== undefined),
    "/usr/bin/systemd-analyze",
    "/run/current-system/sw/bin/systemd-analyze",
  ]);
  const found = candidates.find(isExecutable);
  if (found !== undefined) return { path: found, origin: "host" };
  throw new VerifyToolError(
    `systemd-analyze was not found; looked in: ${[trixie, ...candidates].join(", ")}`,
    SYSTEMD_HINT,
  );
}

const SYSTEMD_HINT =
  "run scripts/fetch-systemd.sh (unpacks Debian trixie's systemd 257 into .cache/, installs nothing), " +
  "or apt-get install systemd, or set MCQUAD_SYSTEMD_ANALYZE";

function findSystemdUserUnitDir(systemdAnalyze: string): string {
  const prefix = dirname(dirname(safeRealpath(systemdAnalyze)));
  const candidates = unique([
    join(prefix, "lib", "systemd", "user"),
    "/usr/lib/systemd/user",
    "/lib/systemd/user",
    "/run/current-system/sw/lib/systemd/user",
  ]);
  const found = candidates.find((d) => existsSync(join(d, "basic.target")));
  if (found !== undefined) return found;
  throw new VerifyToolError(
    `systemd's user units (basic.target) were not found; looked in: ${candidates.join(", ")}`,
    "apt-get install systemd",
  );
}

function findPodmanUserUnitDir(quadlet: string): string | undefined {
  // <prefix>/libexec/podman/quadlet (or <prefix>/lib/podman/quadlet) → <prefix>/lib/systemd/user
  const prefix = dirname(dirname(dirname(safeRealpath(quadlet))));
  return [join(prefix, "lib", "systemd", "user"), "/usr/lib/systemd/user"].find((d) =>
    existsSync(join(d, "podman-user-wait-network-online.service")),
  );
}

async function toolVersion(file: string, args: string[], pattern: RegExp): Promise<string> {
  const { stdout, stderr } = await runTool(file, args, { timeoutMs: 10_000 });
  const version = pattern.exec(stdout + stderr)?.[1];
  if (version === undefined) throw new VerifyToolError(`cannot tell the version of ${file}`);
  return version;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env["PATH"] ?? "").split(delimiter).filter((d) => d !== "");
  return dirs.map((d) => join(d, name)).find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function safeRealpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
