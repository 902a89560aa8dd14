// The runbook scenario's comparison (test/e2e/lib/runbook-argv.mjs compare): a unit's podman argument
// vector and a manual one that differ only in what one side has by design pass; a difference in
// what is compared (a port, the image, an argument, the health command) fails, naming the service.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repo } from "../helpers.js";

const script = join(repo, "test", "e2e", "lib", "runbook-argv.mjs");
const scratch = mkdtempSync(join(tmpdir(), "mcquad-runbook-argv-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// As Quadlet 5.4 writes ExecStart= for a unit, and as the runbook's fallback reads in sh.
const UNIT = ["/usr/bin/podman", "run", "--name", "mcns", "--cidfile=/run/user/850/mcns.cid", "--replace", "--rm", "--cgroups=split",
  "--pull", "never", "--sdnotify=healthy", "-d", "--publish", "127.0.0.2:53:53/udp", "--publish", "127.0.0.2:53:53", "-v", "/srv/mcns:/srv/mcns",
  "--label", "PODMAN_SYSTEMD_UNIT=mcns.service", "--health-cmd", "nslookup x 127.0.0.1 >/dev/null", "--health-on-failure", "kill",
  "registry/mcns:v1", "server", "--config", "/srv/mcns/mcns.toml"];
const MANUAL = ["/srv/q/podman", "run", "-d", "--name", "mcns", "--restart", "unless-stopped", "--pull", "never", "-p", "127.0.0.2:53:53",
  "-p", "127.0.0.2:53:53/udp", "-v", "/srv/mcns:/srv/mcns", "--health-cmd", "nslookup x 127.0.0.1 >/dev/null",
  "registry/mcns:v1", "server", "--config", "/srv/mcns/mcns.toml"];

let n = 0;
function compare(manual: string[]): string {
  const dir = join(scratch, String(n++));
  for (const [side, argv] of [["units", UNIT], ["manual", manual]] as const) {
    mkdirSync(join(dir, side), { recursive: true });
    writeFileSync(join(dir, side, "mcns.argv"), argv.map((a) => `${a}\0`).join(""));
  }
  return spawnSync(process.execPath, [script, "compare", join(dir, "units"), join(dir, "manual"), "mcns"], { encoding: "utf8" }).stdout;
}
const replaced = (from: string, to: string) => MANUAL.map((a) => (a === from ? to : a));

describe("the runbook's podman run against its unit's", () => {
  it("passes what differs only by design (systemd's options, --restart, option spellings, port order)", () => {
    expect(compare(MANUAL)).toMatch(/^ok mcns: the runbook's podman run hands podman what its unit does \(image, 3 arguments, 5 options compared\)$/m);
  });

  it.each([
    ["a published port", "127.0.0.2:53:53/udp", "127.0.0.2:5353:53/udp", /^FAIL mcns: --publish: unit .*runbook .*5353/m],
    ["the image", "registry/mcns:v1", "registry/mcns:v2", /^FAIL mcns: image: unit "registry\/mcns:v1", runbook "registry\/mcns:v2"/m],
    ["an argument", "/srv/mcns/mcns.toml", "/srv/mcns/other.toml", /^FAIL mcns: arguments: /m],
    ["the health command", "nslookup x 127.0.0.1 >/dev/null", "nslookup x", /^FAIL mcns: --health-cmd: /m],
  ])("fails %s that differs", (_what, from, to, message) => {
    expect(compare(replaced(from, to))).toMatch(message);
  });

  it("fails a record that is missing", () => {
    const dir = join(scratch, "missing");
    mkdirSync(join(dir, "units"), { recursive: true });
    const out = spawnSync(process.execPath, [script, "compare", join(dir, "units"), join(dir, "manual"), "mcns"], { encoding: "utf8" }).stdout;
    expect(out).toMatch(/^FAIL mcns: no record /m);
  });
});
