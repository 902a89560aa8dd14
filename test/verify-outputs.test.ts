// Every golden output and the committed out/ pass the real Quadlet generator and systemd-analyze,
// and `mcquad verify` fails, naming the unit and line, when a unit is broken.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, repo } from "./helpers.js";
import { FETCH_TIMEOUT_MS, podmanTree, systemdTree } from "./verify/podman.js";
import { verifyOutput } from "../src/verify/index.js";

const outputs = [join(repo, "out"), ...readdirSync(fixtures).map((d) => join(fixtures, d, "expected")).filter((d) => existsSync(d))];

// Fetched before any verify runs, so every one below is judged by the systemd the units run under.
beforeAll(() => void systemdTree(), FETCH_TIMEOUT_MS);

describe.each(outputs.map((o) => [o.slice(repo.length + 1), o]))("verify %s", (_name, dir) => {
  it("has no findings from the real tools", async () => {
    const report = await verifyOutput({ outDir: dir, quadlet: podmanTree().quadlet });
    expect(report.findings).toEqual([]);
    expect(report.tools.quadlet).toMatch(/^5\.4\./);
    expect(report.tools).toMatchObject({ systemd: "257", systemdFrom: "trixie" });
  });
});

describe("mcquad verify", () => {
  const run = (args: string[]) => spawnSync(process.execPath, [join(repo, "bin", "mcquad.js"), "verify", "--quadlet", podmanTree().quadlet, ...args], { cwd: repo, encoding: "utf8" });

  it("exits 0 on the committed out/", () => {
    const r = run([]);
    expect(r.stdout).toContain("verify ok: 16 units in out");
    expect(r.stdout).toContain("systemd 257 (Debian trixie's, as in the guest)");
    expect(r.status).toBe(0);
  });

  it("falls back to the host's systemd-analyze without the fetched one, and says so", () => {
    const r = spawnSync(process.execPath, [join(repo, "bin", "mcquad.js"), "verify", "--quadlet", podmanTree().quadlet], {
      cwd: repo, encoding: "utf8", env: { ...process.env, MCQUAD_CACHE: join(tmpdir(), "mcquad-no-cache") },
    });
    const host = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" }).stdout.match(/^systemd (\d+)/)?.[1];
    expect(host).toBeDefined();
    expect(r.stdout).toContain(`systemd ${host} (this host's; the units run under trixie's 257: scripts/fetch-systemd.sh)`);
    expect(r.status).toBe(0);
  });

  it("exits 1 on a broken unit, naming the file, line and service", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcquad-verify-cli-"));
    try {
      cpSync(join(repo, "out"), dir, { recursive: true });
      const file = join(dir, "mcq.container");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^HealthOnFailure=.*\n/m, "$&Memory=1g\n"));
      const line = readFileSync(file, "utf8").split("\n").indexOf("Memory=1g") + 1;
      const r = run(["--out", dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${join(dir, "mcq.container")}:${line}: mcq.service:`);
      expect(r.stderr).toContain("Memory");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 and says how to get the generator when it is missing", () => {
    const r = spawnSync(process.execPath, [join(repo, "bin", "mcquad.js"), "verify", "--quadlet", "/nonexistent/quadlet"], { cwd: repo, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("scripts/fetch-podman.sh");
  });
});
