// Hostile surroundings of a run: links in out/, paths that are not what they should be, an
// inventory that is not UTF-8. Each is refused in one line naming the path (exit 2) or located
// (exit 1), never with a stack trace, and out/ and everything outside it stay as they were.
import { describe, expect, it, beforeEach } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, mcquad, readTree, repo } from "./helpers.js";

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "mcquad-surroundings-"));
  cpSync(join(fixtures, "small", "services.yaml"), join(work, "services.yaml"));
  return () => rmSync(work, { recursive: true, force: true });
});

const expected = readTree(join(fixtures, "small", "expected"));
const oneLine = (stderr: string) => stderr.trim().split("\n");

describe("symbolic links in the output folder", () => {
  it("a link where a generated file goes: exit 2, nothing written, the link's target untouched", () => {
    writeFileSync(join(work, "victim"), "precious\n");
    mkdirSync(join(work, "out"));
    symlinkSync(join(work, "victim"), join(work, "out", "web.container"));
    const r = mcquad(["build"], work);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toEqual([`mcquad: out/web.container: is a symbolic link where mcquad writes a generated file; mcquad never writes through a link: remove it`]);
    expect(readFileSync(join(work, "victim"), "utf8")).toBe("precious\n");
    expect([...readTree(join(work, "out")).keys()]).toEqual(["web.container"]);
  });

  it("a dangling link is refused the same way, and check refuses it too", () => {
    mkdirSync(join(work, "out"));
    symlinkSync(join(work, "created-by-mcquad"), join(work, "out", "RUNBOOK.md"));
    expect(mcquad(["build"], work).code).toBe(2);
    expect(existsSync(join(work, "created-by-mcquad"))).toBe(false);
    const check = mcquad(["check"], work);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain("out/RUNBOOK.md: is a symbolic link");
  });

  it("out/ itself a link: refused, its target gets nothing", () => {
    mkdirSync(join(work, "elsewhere"));
    symlinkSync(join(work, "elsewhere"), join(work, "out"));
    const r = mcquad(["build"], work);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toEqual(["mcquad: out: is a symbolic link; mcquad writes only into a real folder, never through a link"]);
    expect(readTree(join(work, "elsewhere")).size).toBe(0);
  });

  it("a temporary file planted as a link is removed, never written through", () => {
    expect(mcquad(["build"], work).code).toBe(0);
    writeFileSync(join(work, "victim"), "precious\n");
    symlinkSync(join(work, "victim"), join(work, "out", ".web.container.mcquad-tmp"));
    writeFileSync(join(work, "services.yaml"), readFileSync(join(work, "services.yaml"), "utf8").replace("restart_delay: 1m30s", "restart_delay: 1m31s"));
    const r = mcquad(["build"], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/[1-9]\d* updated/);
    expect(readFileSync(join(work, "victim"), "utf8")).toBe("precious\n");
    expect(lstatSync(join(work, "out", "web.container")).isFile()).toBe(true);
  });
});

describe("paths that are not what they should be", () => {
  it("--out naming a file: one line, exit 2", () => {
    writeFileSync(join(work, "afile"), "x\n");
    const r = mcquad(["build", "--out", "afile"], work);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toEqual(["mcquad: afile: is not a folder"]);
    expect(readFileSync(join(work, "afile"), "utf8")).toBe("x\n");
  });

  it("--inventory naming a folder, or a missing file: one line, exit 2", () => {
    mkdirSync(join(work, "inv"));
    const folder = mcquad(["build", "--inventory", "inv"], work);
    expect([folder.code, oneLine(folder.stderr)]).toEqual([2, ["mcquad: inv: is a folder, not a file (the inventory)"]]);
    const missing = mcquad(["validate", "--inventory", "nope.yaml"], work);
    expect([missing.code, oneLine(missing.stderr)]).toEqual([2, ["mcquad: nope.yaml: no such file or folder (the inventory)"]]);
  });

  // As root every folder is writable: the run drops to nobody (uid 65534) to meet a folder it cannot write.
  const asNobody = (args: readonly string[]) => spawnSync(process.execPath, [join(repo, "bin", "mcquad.js"), ...args], { cwd: work, encoding: "utf8", env: { ...process.env, NO_COLOR: "" }, ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}) });

  it("an output folder it cannot write, or an inventory it cannot read: one line, exit 2, nothing written", () => {
    chmodSync(work, 0o755);
    mkdirSync(join(work, "locked"), { mode: 0o555 });
    chmodSync(join(work, "services.yaml"), 0o644);
    const r = asNobody(["build", "--out", "locked/out"]);
    expect([r.status, oneLine(r.stderr)]).toEqual([2, ["mcquad: locked: permission denied (mcquad must write there)"]]);
    chmodSync(join(work, "services.yaml"), 0o600);
    const unreadable = asNobody(["validate"]);
    expect([unreadable.status, oneLine(unreadable.stderr)]).toEqual([2, ["mcquad: services.yaml: permission denied (the inventory)"]]);
  });
});

describe("the inventory's encoding", () => {
  it("bytes that are not UTF-8: located, exit 1, out/ untouched", () => {
    expect(mcquad(["build"], work).code).toBe(0);
    const before = readTree(join(work, "out"));
    const text = readFileSync(join(work, "services.yaml"));
    writeFileSync(join(work, "services.yaml"), Buffer.concat([text, Buffer.from("# caf\xe9\n", "latin1")]));
    const r = mcquad(["build"], work);
    expect(r.code).toBe(1);
    const lines = text.toString("utf8").split("\n").length;
    expect(r.stderr).toContain(`services.yaml:${lines}:6: a byte that is not UTF-8 (0xE9)`);
    expect(readTree(join(work, "out"))).toEqual(before);
  });

  it("a UTF-8 byte-order mark is accepted: the same output as without", () => {
    writeFileSync(join(work, "services.yaml"), `\uFEFF${readFileSync(join(work, "services.yaml"), "utf8")}`);
    expect(mcquad(["build"], work).code).toBe(0);
    expect(readTree(join(work, "out"))).toEqual(expected);
  });
});
