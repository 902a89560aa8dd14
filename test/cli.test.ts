// The command line as a user runs it: a real process, real files, exit codes.
import { describe, expect, it, beforeEach } from "vitest";
import { cpSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, mcquad, readTree, repo } from "./helpers.js";


let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "mcquad-cli-"));
  cpSync(join(fixtures, "small", "services.yaml"), join(work, "services.yaml"));
  return () => rmSync(work, { recursive: true, force: true });
});

describe("build", () => {
  it("writes out/ and exits 0; a second run rewrites nothing", () => {
    expect(mcquad(["build"], work).code).toBe(0);
    expect(readTree(join(work, "out"))).toEqual(readTree(join(fixtures, "small", "expected")));
    const file = join(work, "out", "web.container");
    utimesSync(file, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const again = mcquad(["build"], work);
    expect(again.stdout).toContain(`0 created, 0 updated, 0 removed, ${readTree(join(fixtures, "small", "expected")).size} unchanged`);
    expect(statSync(file).mtime.getFullYear()).toBe(2000);
  });

  it("removes generated files it no longer produces, never files it did not generate", () => {
    mcquad(["build"], work);
    writeFileSync(join(work, "out", "notes.txt"), "mine\n");
    writeFileSync(join(work, "out", "custom.container"), "[Container]\nImage=x:1\n");
    const text = readFileSync(join(work, "services.yaml"), "utf8");
    writeFileSync(join(work, "services.yaml"), text.replace(/\n  cron:\n[\s\S]*$/, "\n"));
    expect(mcquad(["build"], work).stdout).toContain("1 removed");
    expect(existsSync(join(work, "out", "cron.container"))).toBe(false);
    expect(readFileSync(join(work, "out", "notes.txt"), "utf8")).toBe("mine\n");
    expect(existsSync(join(work, "out", "custom.container"))).toBe(true);
  });

  it("on an invalid inventory exits 1, reports every problem located, and leaves out/ exactly as it was", () => {
    mcquad(["build"], work);
    writeFileSync(join(work, "out", "notes.txt"), "mine\n");
    const before = readTree(join(work, "out"));
    const mtimes = [...before.keys()].map((n) => statSync(join(work, "out", n)).mtimeMs);
    cpSync(join(fixtures, "invalid", "many-at-once.yaml"), join(work, "services.yaml"));
    const r = mcquad(["build"], work);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('services.yaml:22:5: services.app.helth: unknown key "helth"');
    expect(r.stderr).toContain('services.yaml:20:16: services.app.requires[0]: unknown service "ghost"');
    expect(r.stderr).toMatch(/5 errors, 1 warning\n$/);
    expect(readTree(join(work, "out"))).toEqual(before);
    expect([...before.keys()].map((n) => statSync(join(work, "out", n)).mtimeMs)).toEqual(mtimes);
  });

  it("maps a named address to another IP with --address", () => {
    expect(mcquad(["build", "--address", "lan=127.0.0.2"], work).code).toBe(0);
    expect(readFileSync(join(work, "out", "web.container"), "utf8")).toContain("PublishPort=127.0.0.2:8080:80\n");
    const r = mcquad(["build", "--address", "wan=127.0.0.2"], work);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no host declares an address named "wan"');
  });
});

describe("check", () => {
  it("exits 0 when out/ is current and 1 with a unified diff when it is stale", () => {
    mcquad(["build"], work);
    expect(mcquad(["check"], work).code).toBe(0);
    const file = join(work, "out", "web.container");
    writeFileSync(file, readFileSync(file, "utf8").replace("RestartSec=90s", "RestartSec=1s"));
    const r = mcquad(["check"], work);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("--- a/out/web.container\n+++ b/out/web.container\n");
    expect(r.stdout).toContain("\n-RestartSec=1s\n+RestartSec=90s\n");
    expect(r.stderr).toContain("out is stale: 1 file differs");
  });

  it("passes on the committed out/ of the repository", () => {
    const r = mcquad(["check"], repo);
    expect(r.stderr.replace(/^(?!.*stale).*$/gm, "").trim()).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("exit codes and help", () => {
  it.each([
    [["validate"], 0],
    [["plan"], 0],
    [["--help"], 0],
    [["build", "--help"], 0],
    [["check", "--help"], 0],
    [["validate", "--help"], 0],
    [["plan", "--help"], 0],
    [["frobnicate"], 2],
    [["build", "--bogus"], 2],
    [["build", "--address", "no-equals-sign"], 2],
    [["validate", "--inventory", "missing.yaml"], 2],
  ])("mcquad %j exits %i", (args, code) => {
    expect(mcquad(args, work).code).toBe(code);
  });

  it("prints no colour without a terminal, and none with NO_COLOR", () => {
    cpSync(join(fixtures, "invalid", "cycle.yaml"), join(work, "services.yaml"));
    expect(mcquad(["validate"], work).stderr).not.toContain("\u001b[");
    expect(mcquad(["validate"], work, { NO_COLOR: "1" }).stderr).not.toContain("\u001b[");
  });
});
