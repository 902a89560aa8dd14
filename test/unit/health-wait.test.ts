// The unit's own wait for health (src/units/health-wait.ts), run by a real sh with a podman that
// fails a given number of times: it returns once podman says healthy, probes with the pause in
// between, and gives up at its deadline with a line naming the container and podman's status.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Health, Service } from "../../src/inventory/model.js";
import { healthWait } from "../../src/units/health-wait.js";
import { HOST_PATH } from "../../src/units/host-shell.js";

/** What sh receives from `/bin/sh -c '…'` once systemd has undone `$$` and `%%`. */
const unquote = (line: string): string => line.replace(/^\/bin\/sh -c '(.*)'$/, "$1").replace(/\$\$/g, "$").replace(/%%/g, "%");

const health = (h: Partial<Health>): Health => ({ probe: { kind: "tcp", port: 80 }, intervalSec: 1, timeoutSec: 1, retries: 1, startPeriodSec: 0, onFailure: "kill", startupIntervalSec: 0.2, ...h });
const service = { containerName: "web" } as Service;

/** Runs the wait with a fake podman, failing (status `status`) its first `failures` calls. */
function run(h: Health, failures: number, status = 1) {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-wait-"));
  try {
    const podman = join(dir, "podman");
    writeFileSync(podman, `#!/bin/sh\necho "$*" >>"${dir}/calls"\nn=$(wc -l <"${dir}/calls")\n[ "$n" -gt ${failures} ] || { echo starting; exit ${status}; }\n`);
    chmodSync(podman, 0o755);
    const script = unquote(healthWait(service, h));
    expect(script.startsWith(`PATH=${HOST_PATH}; `)).toBe(true);
    const t0 = Date.now();
    const r = spawnSync("sh", ["-c", script.replace(`PATH=${HOST_PATH}`, `PATH=${dir}:${HOST_PATH}`)], { encoding: "utf8", timeout: 20_000 });
    const calls = readFileSync(join(dir, "calls"), "utf8").trim().split("\n");
    return { ...r, calls, ms: Date.now() - t0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the unit's wait for health", () => {
  it("returns 0 once podman healthcheck run passes, a pause after each failed probe", () => {
    const r = run(health({}), 3);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(Array(4).fill("healthcheck run web"));
    expect(r.ms).toBeGreaterThanOrEqual(3 * 200);
    expect(r.stdout + r.stderr).toBe(""); // podman's "starting" kept out of the journal
  });

  it("probes at once: a container healthy at its start costs no pause", () => {
    const r = run(health({ startupIntervalSec: 5 }), 0);
    expect(r).toMatchObject({ status: 0, calls: ["healthcheck run web"] });
    expect(r.ms).toBeLessThan(5000);
  });

  it("gives up at its budget (2 s here), naming the container and podman's last status", () => {
    const r = run(health({}), 1000, 125);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("web is not healthy 2s after its start: podman healthcheck run web exits 125\n");
    expect(r.ms).toBeGreaterThanOrEqual(1000); // a whole-second clock: at least one second
    expect(r.ms).toBeLessThan(4000);
    expect(r.calls.length).toBeGreaterThan(3);
  });
});
