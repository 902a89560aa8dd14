// `mcquad build` in a git work tree: a flake-based NixOS configuration sees only the files git
// tracks, so generated files git does not track are named in a warning (exit 0 all the same).
// Real git, in a fresh repository; the small fixture's inventory.
import { describe, expect, it, beforeEach } from "vitest";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, mcquad, readTree } from "./helpers.js";

let work: string;
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: work, stdio: "pipe" });
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "mcquad-flake-"));
  cpSync(join(fixtures, "small", "services.yaml"), join(work, "services.yaml"));
  return () => rmSync(work, { recursive: true, force: true });
});

describe("build in a git work tree", () => {
  it("warns, naming them, when generated files are not tracked, and exits 0", () => {
    git("init", "-q");
    const r = mcquad(["build"], work);
    expect(r.code).toBe(0);
    // Every generated file but the runbook, the first three by name (code-unit order).
    const read = [...readTree(join(work, "out")).keys()].filter((f) => !f.endsWith(".md")).sort();
    expect(read.slice(0, 3)).toEqual(["cron.container", "db.container", "demo-stage1.target"]);
    expect(r.stderr).toContain(
      `warning: out/cron.container, out/db.container, out/demo-stage1.target and ${read.length - 3} more are generated files git does not track: a flake-based NixOS configuration sees only tracked files`,
    );
    expect(r.stderr).toContain("hint: git add out");
    // The runbook is for people: the module does not read it.
    expect(r.stderr).not.toContain("RUNBOOK.md");
  });

  it("names the one file a new service adds, once the rest is tracked", () => {
    git("init", "-q");
    mcquad(["build"], work);
    git("add", "out");
    git("rm", "-q", "--cached", "out/web.container");
    const r = mcquad(["build"], work);
    expect(r.stderr).toContain("warning: out/web.container is a generated file git does not track");
  });

  it("says nothing once every generated file is tracked, or outside a git work tree", () => {
    expect(mcquad(["build"], work).stderr).not.toContain("git does not track");
    git("init", "-q");
    mcquad(["build"], work);
    git("add", "out");
    expect(mcquad(["build"], work).stderr).not.toContain("git does not track");
  });
});
