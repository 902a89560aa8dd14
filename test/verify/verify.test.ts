// verifyOutput against the real Quadlet 5.4.2 generator and trixie's systemd-analyze 257: a good
// unit set passes, and each kind of breakage fails with the service and the line to fix.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatFinding, hasErrors, verifyOutput, type Finding, type VerifyReport } from "../../src/verify/index.js";
import { FETCH_TIMEOUT_MS, lineOf, podmanTree, replaceOnce, repo, systemdTree, unitSet } from "./podman.js";

let quadlet = "";
const dirs: string[] = [];

beforeAll(() => {
  quadlet = podmanTree().quadlet;
  systemdTree();
}, FETCH_TIMEOUT_MS);

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function verifyEdited(edits: Parameters<typeof unitSet>[0]): Promise<{ dir: string; report: VerifyReport }> {
  const dir = unitSet(edits);
  dirs.push(dir);
  return { dir, report: await verifyOutput({ outDir: dir, quadlet, podmanVersion: "5.4" }) };
}

function errorsIn(report: VerifyReport, file: string): Finding[] {
  return report.findings.filter((f) => f.severity === "error" && f.file.endsWith(`/${file}`));
}

const printed = (r: VerifyReport): string => r.findings.map(formatFinding).join("\n");

describe("verifyOutput", () => {
  it("passes the good unit set with no finding at all", async () => {
    const { report } = await verifyEdited({});
    expect(printed(report)).toBe("");
    expect(report.tools["quadlet"]).toBe("5.4.2");
    expect(report.checked).toContain("mcr-web.container");
    expect(report.checked).toContain("mc-stage4.target");
  });

  // The compiler's committed output: what the platform will actually run.
  it.skipIf(!existsSync(join(repo, "out")))("passes the committed out/ with no error", async () => {
    const report = await verifyOutput({ outDir: join(repo, "out"), quadlet, podmanVersion: "5.4" });
    expect(report.findings.filter((f) => f.severity === "error").map(formatFinding)).toEqual([]);
    expect(report.checked.filter((n) => n.endsWith(".container")).length).toBeGreaterThan(0);
  });

  it("leaves no temporary folder behind", async () => {
    // In a temporary folder of its own: other test files (and other checkouts) verify in parallel.
    const own = mkdtempSync(join(tmpdir(), "mcquad-tmp-test-"));
    const saved = process.env["TMPDIR"];
    process.env["TMPDIR"] = own;
    try {
      await verifyEdited({ "mcr-web.container": replaceOnce("Notify=healthy", "Notify=healthy\nBogus=1") });
      expect(readdirSync(own).filter((n) => n.startsWith("mcquad-verify-") && !n.includes("-test-"))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = saved;
      rmSync(own, { recursive: true, force: true });
    }
  });

  it("names the service and line of every key Quadlet rejects", async () => {
    const { dir, report } = await verifyEdited({
      "mcr-web.container": replaceOnce("Notify=healthy", "Notify=healthy\nMemory=512M\nBogus=1"),
    });
    const text = readFileSync(join(dir, "mcr-web.container"), "utf8");
    const errors = errorsIn(report, "mcr-web.container");
    expect(errors.map((e) => e.line)).toEqual([lineOf(text, "Memory="), lineOf(text, "Bogus=")]);
    expect(errors[0]?.message).toMatch(/mcr-web\.service.*Memory=/);
    expect(errors[0]?.hint).toMatch(/needs Podman 5\.5/);
    expect(errors[1]?.hint).toMatch(/not a \[Container\] key/);
    expect(formatFinding(errors[0] as Finding)).toMatch(new RegExp(`mcr-web\\.container:${lineOf(text, "Memory=")}: mcr-web\\.service: Quadlet rejects key Memory=`));
  });

  it("reports a key systemd does not know, at its line in the .container", async () => {
    const { dir, report } = await verifyEdited({
      "mcq.container": replaceOnce("RestartSec=10s", "RestartSec=10s\nRestartSecs=5s"),
    });
    const [error] = errorsIn(report, "mcq.container");
    expect(error?.line).toBe(lineOf(readFileSync(join(dir, "mcq.container"), "utf8"), "RestartSecs="));
    expect(error?.message).toMatch(/mcq\.service.*RestartSecs/);
  });

  it("reports a Requires= on a unit that does not exist", async () => {
    const { dir, report } = await verifyEdited({
      "mcr-api.container": replaceOnce("Requires=mc-stage1.target", "Requires=mc-stage1.target nope.service"),
    });
    const [error] = errorsIn(report, "mcr-api.container");
    expect(error?.line).toBe(lineOf(readFileSync(join(dir, "mcr-api.container"), "utf8"), "Requires="));
    expect(error?.message).toMatch(/mcr-api\.service depends on nope\.service, which does not exist/);
  });

  it("explains Requires=x.container, which Podman 5.4 passes through unchanged", async () => {
    const { report } = await verifyEdited({
      "mcr-web.container": (t) => t.replaceAll("mcr-api.service", "mcr-api.container"),
    });
    const [error] = errorsIn(report, "mcr-web.container");
    expect(error?.message).toMatch(/mcr-web\.service depends on mcr-api\.container, which systemd rejects/);
    expect(error?.hint).toMatch(/mcr-api\.service/);
  });

  it("reports an ordering cycle at an After= that closes it", async () => {
    const { dir, report } = await verifyEdited({
      "mcr-api.container": replaceOnce("After=mc-stage1.target", "After=mc-stage1.target mcr-web.service"),
    });
    const cycles = report.findings.filter((f) => f.message.startsWith("ordering cycle"));
    expect(cycles).toHaveLength(1);
    const text = (name: string): string => readFileSync(join(dir, name), "utf8");
    const places = [`${dir}/mcr-api.container:${lineOf(text("mcr-api.container"), "After=")}`, `${dir}/mcr-web.container:${lineOf(text("mcr-web.container"), "After=")}`];
    expect(places).toContain(`${cycles[0]?.file}:${cycles[0]?.line}`);
    expect(cycles[0]?.message).toMatch(/mcr-api\.service after mcr-web\.service|mcr-web\.service after mcr-api\.service/);
  });

  it("reports a service the last stage target does not pull in", async () => {
    const { report } = await verifyEdited({ "mcq.container": replaceOnce("\n[Install]\nRequiredBy=mc-stage4.target\n", "\n") });
    const [error] = errorsIn(report, "mcq.container");
    expect(error?.message).toMatch(/mcq\.service is not pulled in by mc-stage4\.target/);
  });

  it("reports a Requires= without After=, at the Requires= line", async () => {
    const { dir, report } = await verifyEdited({
      "mcr-web.container": replaceOnce("After=mc-stage1.target mcr-api.service", "After=mc-stage1.target"),
    });
    const [error] = errorsIn(report, "mcr-web.container");
    expect(error?.line).toBe(lineOf(readFileSync(join(dir, "mcr-web.container"), "utf8"), "Requires="));
    expect(error?.message).toMatch(/mcr-web\.service requires mcr-api\.service but is not ordered after it/);
  });

  it("reports a stage-3 service that may start before stage 2 is up", async () => {
    const { report } = await verifyEdited({
      "mcp-master.container": (t) => t.replace(/^(Requires|After)=mc-stage2\.target\n/gm, ""),
    });
    const messages = errorsIn(report, "mcp-master.container").map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/mcp-master\.service \(stage 3\) is not ordered after mc-stage2\.target/));
  });

  it("reports a stage target that no longer waits for its services", async () => {
    const { report } = await verifyEdited({ "mc-stage2.target": replaceOnce("[Unit]\n", "[Unit]\nDefaultDependencies=no\n") });
    const messages = errorsIn(report, "mc-stage2.target").map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/mc-stage2\.target is not ordered after mcr-api\.service/));
  });

  it("reports a file Quadlet cannot parse, and still checks the others", async () => {
    const { report } = await verifyEdited({
      "mcq.container": replaceOnce("[Container]\n", "[Container]\nthis is not a key\n"),
      "mcr-web.container": replaceOnce("Notify=healthy", "Notify=healthy\nBogus=1"),
    });
    expect(errorsIn(report, "mcq.container")[0]?.message).toMatch(/mcq\.service: Quadlet cannot parse this file/);
    expect(errorsIn(report, "mcr-web.container")[0]?.message).toMatch(/Bogus=/);
  });

  it("reports a file Quadlet refuses for a missing Image=", async () => {
    const { report } = await verifyEdited({ "mcq.container": (t) => t.replace(/^Image=.*\n/m, "") });
    expect(errorsIn(report, "mcq.container")[0]?.message).toMatch(/mcq\.service: Quadlet refuses this file \(no Image/);
    expect(hasErrors(report)).toBe(true);
  });

  it("fails with a hint, never passes, when the generator is missing", async () => {
    await expect(verifyOutput({ outDir: join("test", "verify", "fixtures", "good"), quadlet: "/nonexistent/quadlet" })).rejects.toMatchObject({
      name: "VerifyToolError",
      hint: expect.stringMatching(/scripts\/fetch-podman\.sh/),
    });
  });
});
