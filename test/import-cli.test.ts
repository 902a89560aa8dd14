// `mcquad import` as a user runs it: a real process, real files, exit codes.
import { describe, expect, it, beforeEach } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, repo } from "./helpers.js";

const bin = join(repo, "bin", "mcquad.js");

function mcquad(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "mcquad-import-cli-"));
  cpSync(join(fixtures, "runbook", "disaster-recovery.md"), join(work, "runbook.md"));
  cpSync(join(fixtures, "import", "odd.sh"), join(work, "odd.sh"));
  return () => rmSync(work, { recursive: true, force: true });
});

describe("mcquad import", () => {
  it("prints the inventory, warnings on stderr with their place, and exits 0", () => {
    const r = mcquad(["import", "odd.sh"], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Imported by `mcquad import` from odd\.sh: /);
    expect(r.stderr).toContain("odd.sh:17:32: warning: option --privileged: not imported\n  17 | podman run -d --name 'web' -it --privileged \\\n");
    expect(r.stderr).toContain("odd.sh: warning: the source does not say which user runs the containers");
    expect(r.stderr).toMatch(/0 errors, 12 warnings\n$/);
  });

  it("writes --out, which then validates; refuses to overwrite it without --force", () => {
    const r = mcquad(["import", "runbook.md", "--out", "services.yaml", "--host", "rift", "--user-name", "mcp", "--uid", "850"], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("services.yaml: 12 services in 4 stages, imported from runbook.md");
    const written = readFileSync(join(work, "services.yaml"), "utf8");
    expect(written).toContain("platform:\n  user: mcp\n  uid: 850\n");
    expect(mcquad(["validate"], work).code).toBe(0);
    writeFileSync(join(work, "services.yaml"), "mine\n");
    const again = mcquad(["import", "runbook.md", "--out", "services.yaml"], work);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("services.yaml exists: pass --force to overwrite it");
    expect(readFileSync(join(work, "services.yaml"), "utf8")).toBe("mine\n");
    expect(mcquad(["import", "runbook.md", "--out", "services.yaml", "--force", "--host", "rift", "--user-name", "mcp", "--uid", "850"], work).code).toBe(0);
    expect(readFileSync(join(work, "services.yaml"), "utf8")).toBe(written);
  });

  it("exits 1 when the source has no podman run command", () => {
    writeFileSync(join(work, "notes.md"), "# Notes\n\n```sh\npodman ps\n```\n\npodman run outside a code block is prose\n");
    const r = mcquad(["import", "notes.md"], work);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("notes.md: no `podman run` command found");
  });

  it.each([
    [["import", "--help"], 0],
    [["import"], 2],
    [["import", "missing.md"], 2],
    [["import", "odd.sh", "--uid", "zero"], 2],
    [["import", "odd.sh", "--host", "bad host"], 2],
    [["import", "odd.sh", "--user-name", "Root"], 2],
  ])("mcquad %j exits %i", (args, code) => {
    expect(mcquad(args, work).code).toBe(code);
  });
});
