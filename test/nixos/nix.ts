// Nix for the module tests: Debian's nix-bin gives nix-instantiate, which parses a module and
// evaluates it offline. Installed on first use when missing (as `npm test` on a fresh Debian
// machine must work without a manual step), under a lock so parallel test files install it once;
// when it cannot be installed the tests fail with apt's reason rather than skipping.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
  return { systemd, bash: store("bash"), iproute2: store("iproute2"), gnugrep: store("gnugrep"), coreutils: store("coreutils"), podman: store("podman") };
}

/**
 * The module applied to what a NixOS evaluation passes it, stubbed: `lib.mkDefault` as the
 * module system's own override wrapper (lib/modules.nix), `pkgs` as store paths, `config` as
 * given (the merged configuration the assertions read). Returns the attributes as JSON.
 */
export function evalModule(file: string, config: unknown, pkgs: Record<string, string> = stubPkgs()): ModuleOutput {
  const expr = `{ modulePath, configJSON, pkgsJSON }:
    let lib = { mkDefault = content: { _type = "override"; priority = 1000; inherit content; }; };
        # pkgs.writeTextDir (nixpkgs trivial-builders) as what the test reads: the path and the text.
        writeTextDir = path: text: { writeTextDir = path; inherit text; };
    in import (/. + modulePath) { config = builtins.fromJSON configJSON; inherit lib; pkgs = builtins.fromJSON pkgsJSON // { inherit writeTextDir; }; }`;
  const args = ["--argstr", "modulePath", file, "--argstr", "configJSON", JSON.stringify(config), "--argstr", "pkgsJSON", JSON.stringify(pkgs)];
  return JSON.parse(nix(["--eval", "--strict", "--json", "--expr", expr, ...args])) as ModuleOutput;
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
