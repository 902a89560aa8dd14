// Nix for the module tests: Debian's nix-bin gives nix-instantiate, which parses a module and
// evaluates it offline, with nixpkgs' module system. Installed on first use when missing (as `npm test` on a fresh Debian
// machine must work without a manual step), under a lock so parallel test files install it once;
// when it cannot be installed the tests fail with apt's reason rather than skipping.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "../helpers.js";

/** apt-get update plus one package and its dependencies, on a slow mirror. */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;

const hasNix = (): boolean => {
  try {
    execFileSync("nix-instantiate", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

export function ensureNix(): void {
  if (hasNix()) return;
  const install =
    "command -v nix-instantiate >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nix-bin; }";
  try {
    execFileSync("flock", [join(tmpdir(), "mcquad-nix-bin.lock"), "sh", "-c", install], { encoding: "utf8", timeout: INSTALL_TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`nix-instantiate is missing and Debian's nix-bin could not be installed: ${err.stderr?.trim() || err.message}`);
  }
  if (!hasNix()) throw new Error("nix-bin was installed but nix-instantiate is still not on PATH");
}

let state: string | undefined;

function nix(args: readonly string[]): string {
  // A private state folder, so evaluation needs nothing from a Nix installation or daemon.
  state ??= mkdtempSync(join(tmpdir(), "mcquad-nix-state-"));
  return execFileSync("nix-instantiate", args, {
    encoding: "utf8",
    env: { ...process.env, NIX_STATE_DIR: state, NIX_REMOTE: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** `nix-instantiate --parse`: throws with the parser's message on a syntax error. */
export const parseNix = (file: string): string => nix(["--parse", file]);

/** Store paths of the packages the module names; the values only need to be strings. */
export function stubPkgs(systemd = "/nix/store/00000000000000000000000000000000-systemd"): Record<string, string> {
  const store = (name: string) => `/nix/store/00000000000000000000000000000000-${name}`;
  return { systemd, bash: store("bash"), iproute2: store("iproute2"), gnugrep: store("gnugrep"), coreutils: store("coreutils"), podman: store("podman"), "util-linux": store("util-linux") };
}

let lib: string | undefined;

/**
 * NixOS's module system, nixpkgs' own lib: `<nixpkgs/lib>` when the machine's NIX_PATH has
 * nixpkgs, else the snapshot of it beside the checkout (../shared/nixpkgs-lib, nixpkgs 26.11).
 */
export function nixpkgsLib(): string {
  if (lib) return lib;
  try {
    lib = nix(["--find-file", "nixpkgs/lib"]).trim();
    if (lib) return lib;
  } catch {
    // No nixpkgs on NIX_PATH.
  }
  const snapshot = join(repo, "..", "shared", "nixpkgs-lib", "lib");
  if (!existsSync(join(snapshot, "default.nix"))) throw new Error(`nixpkgs' lib is needed to evaluate the NixOS module: neither <nixpkgs/lib> nor ${snapshot} exists`);
  return (lib = snapshot);
}
const evaluation = join(repo, "test", "nixos", "nixos", "eval.nix");

export interface EvalOptions {
  /** Other modules of the host's configuration, as Nix source. */
  readonly modules?: readonly string[];
  readonly pkgs?: Record<string, string>;
  /** Evaluate as another NixOS release (lib.trivial.release), e.g. "24.11". */
  readonly release?: string;
}

/**
 * The module evaluated as part of a NixOS configuration by `lib.evalModules`, with nixpkgs'
 * declarations of the options it sets (test/nixos/nixos/): a misspelled option, a wrong type, a
 * conflict or a failed assertion throws with Nix's message. Returns the configuration and, as
 * `etc`, the files of /etc by path.
 */
export function evalModule(file: string, options: EvalOptions = {}): ModuleOutput {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-nixos-modules-"));
  const extra = (options.modules ?? []).map((text, i) => {
    const path = join(dir, `extra-${i}.nix`);
    writeFileSync(path, text);
    return path;
  });
  const args = [
    "--argstr", "libPath", nixpkgsLib(),
    "--argstr", "modulePath", file,
    "--argstr", "extraJSON", JSON.stringify(extra),
    "--argstr", "pkgsJSON", JSON.stringify(options.pkgs ?? stubPkgs()),
    "--argstr", "release", options.release ?? "",
  ];
  return JSON.parse(nix(["--eval", "--strict", "--json", evaluation, ...args])) as ModuleOutput;
}

/** The message Nix stops with (its standard error), or undefined when evaluation succeeds. */
export function evalError(file: string, options: EvalOptions = {}): string | undefined {
  try {
    evalModule(file, options);
    return undefined;
  } catch (e) {
    return (e as { stderr?: string }).stderr ?? String(e);
  }
}

/** Writes generated files to a fresh folder (for modules generated inside a test). */
export function writeFiles(files: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-nixos-"));
  for (const [name, text] of files) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The evaluated module: plain JSON, read through the paths the tests name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModuleOutput = any;
