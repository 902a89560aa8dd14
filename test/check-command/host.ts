// A host for the generated check command: its state as files for test/check-command/fake-tool,
// and a run of the real script (bash, then sh) with the fakes first on PATH.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "../helpers.js";
import type { Inventory } from "../../src/inventory/model.js";

export const TOOLS = ["id", "getent", "getsubids", "sysctl", "loginctl", "ip", "runuser", "journalctl", "hostname", "tailscale", "dig", "curl", "systemctl", "podman"];

export interface HostState {
  uid: number;
  linger: "yes" | "no";
  /** false: `systemctl --user` gets no answer (the user manager is not running). */
  userManager: boolean;
  addresses: string[];
  images: string[];
  /** NAME → [ActiveState, SubState, seconds since start, NRestarts]; user units as user:NAME. */
  units: Map<string, [string, string, number?, number?]>;
  /** Container → [health, PODMAN_SYSTEMD_UNIT label or "-"]. */
  containers: Map<string, [string, string]>;
  journal: string[];
}

/** The platform on rift, every check passing. */
export function healthyHost(inventory: Inventory): HostState {
  const units = new Map<string, [string, string, number?, number?]>([
    ["user@850.service", ["active", "running"]],
    ["tailscaled.service", ["active", "running"]],
    ["mcp-agent.service", ["active", "running"]],
  ]);
  for (const st of inventory.stages) units.set(`user:${st.name}.target`, ["active", "active"]);
  for (const s of inventory.services) units.set(`user:${s.name}.service`, ["active", "running"]);
  return {
    uid: 0,
    linger: "yes",
    userManager: true,
    addresses: [
      "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever",
      "2: enp1s0    inet 192.168.88.181/24 brd 192.168.88.255 scope global enp1s0\\       valid_lft forever preferred_lft forever",
      "3: tailscale0    inet 100.95.252.120/32 scope global tailscale0\\       valid_lft forever preferred_lft forever",
    ],
    images: inventory.services.map((s) => s.image),
    units,
    containers: new Map(inventory.services.map((s) => [s.containerName, ["healthy", `${s.name}.service`]])),
    journal: [],
  };
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Writes the script and the state, then runs `SHELL script ARGS` with the fakes first on PATH. */
export function runCheck(script: string, state: HostState, args: string[] = [], shell = "bash"): Run {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-check-"));
  const bin = join(dir, "bin");
  const stateDir = join(dir, "state");
  spawnSync("mkdir", ["-p", bin, stateDir]);
  for (const tool of TOOLS) symlinkSync(join(repo, "test", "check-command", "fake-tool"), join(bin, tool));
  const file = join(dir, "mcquad-check");
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  const lines = (xs: string[]) => (xs.length ? `${xs.join("\n")}\n` : "");
  writeFileSync(join(stateDir, "uid"), `${state.uid}\n`);
  writeFileSync(join(stateDir, "linger"), `${state.linger}\n`);
  writeFileSync(join(stateDir, "user-manager"), `${state.userManager ? "yes" : "no"}\n`);
  writeFileSync(join(stateDir, "addresses"), lines(state.addresses));
  writeFileSync(join(stateDir, "images"), lines(state.images));
  writeFileSync(join(stateDir, "units"), lines([...state.units].map(([n, [a, s, ago, restarts]]) => `${n} ${a} ${s} ${ago ?? 0} ${restarts ?? 0}`)));
  writeFileSync(join(stateDir, "containers"), lines([...state.containers].map(([n, [h, l]]) => `${n} ${h} ${l}`)));
  writeFileSync(join(stateDir, "journal"), lines(state.journal));
  const r = spawnSync(shell, [file, ...args], { encoding: "utf8", env: { PATH: `${bin}:${process.env["PATH"] ?? "/usr/bin:/bin"}`, FAKE_STATE: stateDir, LC_ALL: "C" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
