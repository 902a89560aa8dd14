// The generated host check command (out/system/mcquad-check), run for real: bash and sh over the
// script as generated from services.yaml, against test/check-command/fake-tool standing in for
// systemctl, podman, loginctl, ip, getent, journalctl and the rest, for a healthy host and for
// each fault the command must name with its fix. Nothing here opens a socket.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { generateFile, repo } from "../helpers.js";
import { healthyHost, runCheck, type HostState } from "./host.js";

const result = generateFile(join(repo, "services.yaml"));
const script = result.files.get("system/mcquad-check") as string;
const inventory = result.model?.inventory;
if (!inventory) throw new Error("services.yaml does not resolve");
const host = (change: (s: HostState) => void = () => {}): HostState => {
  const s = healthyHost(inventory);
  change(s);
  return s;
};
// Each run starts some 200 processes: seconds on an idle machine, much more on a busy one.
const slow = { timeout: 5 * 60_000 };
const fails = (stdout: string) => stdout.split("\n").filter((l) => l.startsWith("FAIL"));

describe("mcquad-check as a shell script", () => {
  const file = join(mkdtempSync(join(tmpdir(), "mcquad-check-lint-")), "mcquad-check");
  writeFileSync(file, script);

  it.each(["sh", "bash"])("parses with %s -n", (shell) => {
    expect(spawnSync(shell, ["-n", file], { encoding: "utf8" }).stderr).toBe("");
  });

  it("has nothing shellcheck (Debian's, fetched into the cache) finds, as POSIX sh", () => {
    const shellcheck = execFileSync(join(repo, "scripts", "fetch-shellcheck.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    const r = spawnSync(shellcheck, ["--shell=sh", "--severity=style", file], { encoding: "utf8" });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  }, 10 * 60_000);
});

describe("mcquad-check on a healthy host", slow, () => {
  it.each(["bash", "sh"])("every line is ok under %s, and it exits 0", (shell) => {
    const run = runCheck(script, host(), [], shell);
    const lines = run.stdout.trimEnd().split("\n");
    expect(run.stderr).toBe("");
    expect(lines.at(-1)).toBe("all ok");
    expect(lines.slice(0, -1).filter((l) => !l.startsWith("ok    "))).toEqual([]);
    expect(run.status).toBe(0);
    // One line per check: the prerequisites, 4 targets, 12 units and owners, 9 inventory checks on this host.
    expect(lines).toHaveLength(1 + 9 + 3 + 6 + 4 + 12 * 2 + 9);
    expect(lines).toContain("ok    user mcp: uid 850, gid 850");
    expect(lines).toContain("ok    linger mcp: on");
    expect(lines).toContain("ok    subuid mcp: 100000+65536");
    expect(lines).toContain("ok    sysctl net.ipv4.ip_unprivileged_port_start: 53 (mcns binds port 53)");
    expect(lines).toContain("ok    address tailnet: 100.95.252.120 is up");
    expect(lines).toContain("ok    image mcns: mcr.svc.mcp.metacircular.net:8443/mcns:v1.2.0 is in storage");
    expect(lines).toContain("ok    unit mcns.service: active, container mcns healthy");
    expect(lines).toContain("ok    owner mcns: started by mcns.service");
    expect(lines).toContain("ok    check mcns/dns-platform: rift's Tailnet address for a platform name, asked at the LAN address");
  });

  it("--json says the same as one object", () => {
    const run = runCheck(script, host(), ["--json"]);
    const out = JSON.parse(run.stdout) as { ok: boolean; failures: number; checks: { name: string; status: string; detail: string }[] };
    expect(run.status).toBe(0);
    expect(out.ok).toBe(true);
    expect(out.failures).toBe(0);
    expect(out.checks).toHaveLength(55);
    expect(out.checks.every((c) => c.status === "ok")).toBe(true);
    expect(out.checks[0]).toEqual({ name: "user mcp", status: "ok", detail: "uid 850, gid 850" });
  });

  it("as the platform user it runs everything itself (no runuser)", () => {
    const run = runCheck(script, host((s) => (s.uid = 850)));
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("all ok");
  });

  it("refuses another user and an unknown option, with exit status 2", () => {
    expect(runCheck(script, host((s) => (s.uid = 1000))).status).toBe(2);
    const bad = runCheck(script, host(), ["--bogus"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^usage: mcquad-check \[--json\]/);
  });
});

describe("mcquad-check names each fault with its fix", slow, () => {
  it("linger off", () => {
    const run = runCheck(script, host((s) => (s.linger = "no")));
    expect(fails(run.stdout)).toEqual(["FAIL  linger mcp: off"]);
    expect(run.stdout).toContain("FAIL  linger mcp: off\n      fix: loginctl enable-linger mcp (NixOS: users.users.mcp.linger = true)\n");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("1 failed");
    expect(run.status).toBe(1);
  });

  it("the user manager stopped (lingering turned off): every user unit points to it", () => {
    const run = runCheck(
      script,
      host((s) => {
        s.linger = "no";
        s.userManager = false;
        s.units.set("user@850.service", ["inactive", "dead"]);
      }),
    );
    const failed = fails(run.stdout);
    expect(failed.slice(0, 2)).toEqual(["FAIL  linger mcp: off", "FAIL  unit user@850.service: inactive, needs active (the user manager that runs the units)"]);
    expect(failed).toContain("FAIL  target mc-stage1.target: unknown: no answer from the user manager of mcp");
    expect(failed).toContain("FAIL  unit mcns.service: unknown: no answer from the user manager of mcp");
    expect(failed).toContain("FAIL  image mcns: unknown: podman could not look for mcr.svc.mcp.metacircular.net:8443/mcns:v1.2.0 (Failed to obtain podman configuration: lstat /run/user/850: no such file or directory)");
    expect(failed).toHaveLength(2 + 6 + 4 + 12);
    expect(run.stdout).toContain("FAIL  unit mcns.service: unknown: no answer from the user manager of mcp\n      fix: start it first: user@850.service, above\n");
    expect(run.status).toBe(1);
  });

  it("a Pull=never image missing", () => {
    const run = runCheck(script, host((s) => (s.images = s.images.filter((i) => !i.includes("/mcr:")))));
    expect(fails(run.stdout)).toEqual(["FAIL  image mcr-api: mcr.svc.mcp.metacircular.net:8443/mcr:v1.2.1 is not in storage, and the unit never pulls it"]);
    expect(run.stdout).toContain("      fix: load it as mcp: podman load -i <saved image> (RUNBOOK.md, cold start); its unit never pulls it\n");
    expect(run.status).toBe(1);
  });

  it("a failed unit, with its last log lines and its known problems", () => {
    const run = runCheck(
      script,
      host((s) => {
        s.units.set("user:mcr-api.service", ["failed", "failed"]);
        s.units.set("user:mc-stage2.target", ["inactive", "dead"]);
        s.containers.delete("mcr-api"); // Quadlet runs it with --rm
        s.journal = ["chmod: operation not permitted", "mcr-api.service: Failed with result 'exit-code'."];
      }),
    );
    expect(fails(run.stdout)).toEqual(["FAIL  target mc-stage2.target: inactive", "FAIL  unit mcr-api.service: failed (failed)"]);
    expect(run.stdout).toContain(
      [
        "FAIL  unit mcr-api.service: failed (failed)",
        "      fix: fix the cause in its log (RUNBOOK.md, common errors: mcr-readonly-database, mcr-connection-refused), then systemctl --user reset-failed mcr-api.service && systemctl --user start mc-stage4.target",
        "      log: chmod: operation not permitted",
        "      log: mcr-api.service: Failed with result 'exit-code'.",
        "ok    owner mcr-api: no container of that name",
      ].join("\n"),
    );
    expect(run.status).toBe(1);
  });

  it("a unit activating beyond its start timeout", () => {
    const run = runCheck(script, host((s) => s.units.set("user:mcq.service", ["activating", "start", 400])));
    expect(fails(run.stdout)).toEqual([expect.stringMatching(/^FAIL {2}unit mcq\.service: activating for 40\ds, beyond its start timeout of 3m15s$/)]);
  });

  it("a unit whose container exits at once: restarting, not still starting", () => {
    const run = runCheck(
      script,
      host((s) => {
        s.units.set("user:mcdoc.service", ["activating", "auto-restart", 300, 4]);
        s.units.set("user:mc-stage4.target", ["inactive", "dead"]);
        s.containers.delete("mcdoc");
        s.journal = ["standin: cannot read /srv/config: exiting with status 1"];
      }),
    );
    expect(fails(run.stdout)).toEqual(["FAIL  target mc-stage4.target: inactive", "FAIL  unit mcdoc.service: restarting after a failure, 4 restarts so far (activating, auto-restart)"]);
    expect(run.stdout).toContain(
      [
        "      fix: fix the cause in its log, then systemctl --user reset-failed mcdoc.service && systemctl --user start mc-stage4.target",
        "      log: standin: cannot read /srv/config: exiting with status 1",
      ].join("\n"),
    );
    expect(run.status).toBe(1);
  });

  it("the same unit in its next attempt (activating, start, after restarts): still restarting after a failure", () => {
    const run = runCheck(script, host((s) => s.units.set("user:mcdoc.service", ["activating", "start", 16, 5])));
    expect(fails(run.stdout)).toEqual(["FAIL  unit mcdoc.service: restarting after a failure, 5 restarts so far (activating, start)"]);
    expect(run.status).toBe(1);
  });

  it("a foreign container holding a unit's name", () => {
    const run = runCheck(script, host((s) => s.containers.set("mcdoc", ["healthy", "-"])));
    expect(fails(run.stdout)).toEqual(["FAIL  owner mcdoc: container mcdoc was not started by mcdoc.service (PODMAN_SYSTEMD_UNIT: none): mcp-agent or a manual podman run"]);
    expect(run.stdout).toContain("      fix: stop the other owner (mcp-agent: drop mcdoc from its services and [[boot.sequence]]), then podman rm -f mcdoc && systemctl --user restart mcdoc.service\n");
    expect(run.status).toBe(1);
  });

  it("the Tailnet address missing", () => {
    const run = runCheck(script, host((s) => (s.addresses = s.addresses.filter((a) => !a.includes("100.95.252.120")))));
    expect(fails(run.stdout)).toEqual(["FAIL  address tailnet: 100.95.252.120 is on no interface", "FAIL  check tailscale: exit status 1; expected the Tailnet address (Tailscale connected)"]);
    expect(run.stdout).toContain("      fix: tailscaled.service brings it up: systemctl status tailscaled.service (Tailscale: tailscale up)\n");
    expect(run.stdout).toContain("      fix: run it: tailscale ip -4\n      log: Tailscale is stopped.\n");
    expect(run.status).toBe(1);
  });

  it("--json carries the failure, its fix and its log", () => {
    const run = runCheck(script, host((s) => { s.units.set("user:mcq.service", ["failed", "failed"]); s.journal = ['a "quoted"\tline \\ here']; }), ["--json"]);
    const out = JSON.parse(run.stdout) as { ok: boolean; failures: number; checks: { name: string; status: string; fix?: string; log?: string }[] };
    expect(run.status).toBe(1);
    expect(out.ok).toBe(false);
    expect(out.failures).toBe(1);
    expect(out.checks.find((c) => c.status === "fail")).toEqual({
      name: "unit mcq.service",
      status: "fail",
      detail: "failed (failed)",
      fix: "fix the cause in its log, then systemctl --user reset-failed mcq.service && systemctl --user start mc-stage4.target",
      log: 'a "quoted"\tline \\ here',
    });
  });
});
