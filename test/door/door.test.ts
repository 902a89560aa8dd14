// The door (src/door/): one model, rendered as out/system/ and installed by the NixOS module with
// the same text. Checked here without a guest: the module's units equal the files key for key
// (the text itself), systemd-analyze accepts the files, and the report script does what it says
// when run by a real sh against recording stand-ins for systemctl and journalctl. The e2e boots
// them (test/e2e/scenarios/door.sh).
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { readFileSync } from "node:fs";
import { generateText, readTree, repo, writeTree } from "../helpers.js";
import { ensureNix, evalModule, INSTALL_TIMEOUT_MS, writeFiles, type ModuleOutput } from "../nixos/nix.js";

const out = readTree(join(repo, "out"));
const system = new Map([...out].filter(([f]) => f.startsWith("system/")).map(([f, t]) => [f.slice("system/".length), t]));
// Units, not the scripts beside them (system/mcquad-apply, system/mcquad-check).
const units = [...system.keys()].filter((f) => !f.includes("/") && /\.(service|target)$/.test(f));

/** `Key=value` lines of a unit's section, in order. */
function section(text: string, name: string): [string, string][] {
  const body = text.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? "";
  return body.split("\n").slice(1).filter((l) => l.includes("=") && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]);
}
const value = (text: string, sec: string, key: string): string | undefined => section(text, sec).find(([k]) => k === key)?.[1];

describe("out/system/: the door for hosts without NixOS", () => {
  it("has a target, a start and a stop side per stage, the ids check, the address wait and the user manager's drop-in, and the apply script", () => {
    expect([...system.keys()].sort()).toEqual([
      "mcquad-apply",
      "mcquad-check",
      ...[1, 2, 3, 4].flatMap((n) => [`mc-stage${n}-start.service`, `mc-stage${n}-stop.service`, `mc-stage${n}.target`]),
      "mcquad-addresses-mcp.service",
      "mcquad-ids-mcp.service",
      "user@850.service.d/mcquad-mcp.conf",
    ].sort());
  });

  it("starts a stage as mcp through its user manager, after the previous stage's door", () => {
    const start = system.get("mc-stage2-start.service") ?? "";
    expect(value(start, "Service", "User")).toBe("mcp");
    expect(value(start, "Service", "Environment")).toBe("XDG_RUNTIME_DIR=/run/user/850");
    expect(value(start, "Service", "ExecStart")).toBe("/bin/sh -c 'PATH=/run/current-system/sw/bin:/usr/bin:/bin; exec systemctl --user start mc-stage2.target'");
    expect(value(start, "Unit", "Requires")?.split(" ")).toContain("mc-stage1.target");
    // The plan's worst case for stage 2 (metacrypt-api, whose startup check never gives up: 75 s,
    // then metacrypt-web: 75 s) and 120 s of room.
    expect(value(start, "Service", "TimeoutStartSec")).toBe(`${75 + 75 + 120}s`);
    expect(value(system.get("mc-stage2.target") ?? "", "Unit", "Requires")).toBe("mc-stage2-start.service mc-stage1.target");
  });

  it("stops a stage and every later one, targets and services, in one call", () => {
    const stop = value(system.get("mc-stage3-stop.service") ?? "", "Service", "ExecStop") ?? "";
    expect(stop).toBe("/bin/sh -c 'PATH=/run/current-system/sw/bin:/usr/bin:/bin; exec systemctl --user stop mc-stage3.target mc-stage4.target mcp-master.service kls.service mcat.service mcdoc.service mcq.service sgardd.service'");
  });

  it("wires boot through the door only (start: door): the last target and the ids check", () => {
    const enabled = units.filter((u) => value(system.get(u) ?? "", "Install", "WantedBy"));
    expect(enabled.sort()).toEqual(["mc-stage4.target", "mcquad-ids-mcp.service"]);
    expect(value(out.get("mc-stage4.target") ?? "", "Install", "WantedBy")).toBe("default.target");
  });

  it("is accepted by systemd-analyze verify, without a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcquad-door-"));
    writeTree(dir, system);
    const r = spawnSync("systemd-analyze", ["verify", ...units.map((u) => join(dir, u))], {
      encoding: "utf8",
      env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:/lib/systemd/system`, SYSTEMD_LOG_LEVEL: "warning" },
    });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("the NixOS module installs the same texts", () => {
  let m: ModuleOutput;
  beforeAll(() => {
    ensureNix();
    m = evalModule(join(repo, "out", "nixos.nix"));
  }, INSTALL_TIMEOUT_MS);

  it("every unit of out/system/ as systemd.units, with its text and its [Install] as wantedBy", () => {
    expect(Object.keys(m.systemd.units).sort()).toEqual([...units].sort());
    for (const u of units) {
      const text = system.get(u) ?? "";
      expect(m.systemd.units[u].text).toBe(text);
      expect(m.systemd.units[u].wantedBy).toEqual(value(text, "Install", "WantedBy")?.split(" ") ?? []);
      expect(m.etc[`systemd/system/${u}`]).toBe(text);
    }
  });

  it("the drop-in under its own name, so NixOS's user@.service.d/overrides.conf still applies", () => {
    // /etc as NixOS lays it out: NixOS's own drop-in for the template, and this one beside it.
    expect(Object.keys(m.etc).filter((p) => p.startsWith("systemd/system/user@")).sort()).toEqual([
      "systemd/system/user@.service.d/overrides.conf",
      "systemd/system/user@850.service.d/mcquad-mcp.conf",
    ]);
    expect(m.etc["systemd/system/user@850.service.d/mcquad-mcp.conf"]).toBe(system.get("user@850.service.d/mcquad-mcp.conf"));
  });

  it("and with start: user-manager, only the user manager starts it at boot", () => {
    const doc = parseDocument(readFileSync(join(repo, "services.yaml"), "utf8"));
    doc.setIn(["hosts", "rift", "start"], "user-manager");
    const dir = writeFiles(generateText(doc.toString()).files);
    const u = evalModule(join(dir, "nixos.nix"));
    expect(u.systemd.units["mc-stage4.target"].wantedBy).toEqual([]);
    expect(u.systemd.units["mcquad-ids-mcp.service"].wantedBy).toEqual(["multi-user.target"]);
    expect(u.systemd.user.units["mc-stage4.target"].wantedBy).toEqual(["default.target"]);
    expect(readFileSync(join(dir, "system", "user@850.service.d", "mcquad-mcp.conf"), "utf8")).toContain("Wants=mcquad-addresses-mcp.service network-online.target\n");
  });
});

/** The command a unit runs through /bin/sh, as sh receives it (systemd's `$$` is `$`). */
function shellOf(line: string): string {
  const m = /^-?\/bin\/sh -c '(.*)'$/.exec(line);
  if (!m?.[1]) throw new Error(`not a /bin/sh -c command: ${line}`);
  return m[1].replace(/\$\$/g, "$").replace(/%%/g, "%");
}

/** systemctl and journalctl stand-ins first on the script's own PATH: they print what they are asked. */
function fakeTools(results: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-fake-tools-"));
  const tools: Record<string, string> = {
    systemctl: `case "$*" in\n  *show-environment*) [ -z "$NO_MANAGER" ] || exit 1;;\n${Object.entries(results).map(([u, r]) => `  *"-p Result --value ${u}") echo ${r};;\n  *"-p ActiveState --value ${u}") echo activating;;`).join("\n")}\n  *"-p Result --value"*) echo success;;\n  *) echo "systemctl $*";;\nesac\n`,
    journalctl: 'echo "journal $*"\necho "Dec 01 00:00:00 host systemd[94]: the manager\x27s own line"\n',
  };
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe("the door's report after a failed start (ExecStopPost=)", () => {
  const script = shellOf(value(system.get("mc-stage2-start.service") ?? "", "Service", "ExecStopPost") ?? "");
  const run = (env: Record<string, string>, results: Record<string, string> = {}) => {
    const tools = fakeTools(results);
    // The script sets its own PATH: the stand-ins replace the folders it names.
    return spawnSync("sh", ["-c", script.replace(/^PATH=[^;]*;/, `PATH=${tools}:/usr/bin:/bin;`)], { encoding: "utf8", env });
  };

  it("says nothing after a successful start", () => {
    expect(run({ SERVICE_RESULT: "success" })).toMatchObject({ status: 0, stdout: "" });
  });

  it("says so when the user manager is not running (a drifted uid), instead of asking it", () => {
    const r = run({ SERVICE_RESULT: "exit-code", NO_MANAGER: "1" });
    expect(r).toMatchObject({ status: 0, stdout: "mc-stage2.target (stage 2 of 4) did not come up: the user manager of mcp is not running, see above\n" });
  });

  it("names each unit of the stage that did not succeed, its last journal lines, then the stage", () => {
    const r = run({ SERVICE_RESULT: "exit-code" }, { "mcr-api.service": "exit-code" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe([
      "journal --no-pager --quiet --lines=50 _UID=850 _SYSTEMD_USER_UNIT=mcr-api.service + _UID=850 SYSLOG_IDENTIFIER=mcr-api",
      "failed: mcr-api.service (activating, result exit-code)",
      "mc-stage2.target (stage 2 of 4) did not come up in the user manager of mcp: exit-code",
      "",
    ].join("\n"));
  });
});

describe("the ids check (ExecStart= of mcquad-ids-mcp.service)", () => {
  const script = shellOf(value(system.get("mcquad-ids-mcp.service") ?? "", "Service", "ExecStart") ?? "");
  const run = (uid: string, gid: string) => {
    const dir = mkdtempSync(join(tmpdir(), "mcquad-fake-ids-"));
    writeFileSync(join(dir, "id"), `#!/bin/sh\n[ "$1 $2" = "-u mcp" ] && echo ${uid}\n`);
    writeFileSync(join(dir, "getent"), `#!/bin/sh\n[ "$1 $2" = "group mcp" ] && echo mcp:x:${gid}:\n`);
    for (const t of ["id", "getent"]) chmodSync(join(dir, t), 0o755);
    return spawnSync("sh", ["-c", script.replace(/^PATH=[^;]*;/, `PATH=${dir}:/usr/bin:/bin;`)], { encoding: "utf8" });
  };

  it("passes for uid and gid 850", () => {
    expect(run("850", "850")).toMatchObject({ status: 0, stderr: "" });
  });

  it("fails naming both uids and the incident when mcp has drifted", () => {
    const r = run("995", "850");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^mcp has uid 995 and its group gid 850 .* the units are for uid 850 and gid 850: .*2026-04-03\. Starting nothing\./);
  });

  it("fails when the group has another gid", () => {
    expect(run("850", "995").status).toBe(1);
  });
});
