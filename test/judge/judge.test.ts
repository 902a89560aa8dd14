// The e2e's judge (test/e2e/lib/expect.mjs) over recorded boots: a correct boot of the real
// inventory passes every check, and each way a unit can break (simulate.ts: the record the real
// boot would leave) fails the check about it, naming the service. The judge reads services.yaml,
// never the units, so a broken unit cannot lower its own bar.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repo } from "../helpers.js";
import { simulate, type Boot, type Expectations, type Service } from "./simulate.js";

const judge = join(repo, "test", "e2e", "lib", "expect.mjs");
const inventory = join(repo, "services.yaml");
const scratch = mkdtempSync(join(tmpdir(), "mcquad-judge-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const T0 = 5_000_000_000;
const DELAY = 2e6;
const run = (args: string[]) => spawnSync(process.execPath, [judge, ...args], { encoding: "utf8" });
const exp = JSON.parse(run(["expectations", "--inventory", inventory]).stdout) as Expectations;

let n = 0;
/** Judges the simulated boot; returns the FAIL lines and the exit status. */
function verdict(scenario: string, boot: Partial<Boot>, extra: string[] = []): { fails: string[]; status: number | null; out: string } {
  const { show, journal } = simulate(exp, { t0: T0, delayUs: () => DELAY, ...boot });
  const dir = join(scratch, String(n++));
  rmSync(dir, { recursive: true, force: true });
  const files = { show: `${dir}.show`, journal: `${dir}.journal` };
  writeFileSync(files.show, show);
  writeFileSync(files.journal, journal);
  const r = run([scenario, "--inventory", inventory, "--show", files.show, "--journal", files.journal, "--t0", String(T0), "--delay", "2", ...extra]);
  return { fails: r.stdout.split("\n").filter((l) => l.startsWith("FAIL")), status: r.status, out: r.stdout };
}
const only = (name: string) => (s: Service) => s.name === name;
const when = <T>(name: string, value: T) => (s: Service) => (only(name)(s) ? value : {});

describe("expectations from services.yaml", () => {
  it("has every service, its stage, what it needs and its health budget", () => {
    expect(exp.services.map((s) => s.name)).toHaveLength(12);
    const web = exp.services.find(only("mcr-web"))!;
    expect(web).toMatchObject({ stage: 2, target: "mc-stage2.target", previousTarget: "mc-stage1.target", after: ["mcr-api.service"], gated: true });
    // defaults: start period 10 s + 3 retries × 10 s + timeout 5 s, as `mcquad plan` says ("within 45s").
    expect(web.health).toMatchObject({ retries: 3, onFailure: "kill", budgetUs: 45e6 });
    expect(exp.services.find(only("metacrypt-api"))!.health).toMatchObject({ onFailure: "none" });
  });
});

describe("the healthy boot", () => {
  it("passes a correct boot", () => {
    const r = verdict("healthy", {});
    expect(r.fails).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^ok {3}health-gate mcr-web: active/m);
  });

  it.each([
    ["a dropped dependency (mcr-web without mcr-api)", when("mcr-web", { after: [] }), /^FAIL dependency mcr-web: started before mcr-api\.service was active/m],
    ["the wait for health missing (mcr-api active once it runs)", when("mcr-api", { notify: false }), /^FAIL health-gate mcr-api: active .* before its stand-in could listen/m],
    ["the probe missing, Notify=healthy kept (podman refuses)", when("mcat", { probe: false }), /^FAIL active mcat: failed/m],
    ["the probe and the wait missing", when("mcat", { probe: false, notify: false }), /^FAIL probe mcat: podman never reported it healthy/m],
    ["the stage link missing (mc-stage4.target does not hold mcdoc)", when("mcdoc", { inStage: false }), /^FAIL stage mcdoc: mc-stage4\.target became active before it/m],
    ["the link to the previous stage missing", when("mcp-master", { afterPrevious: false }), /^FAIL stage mcp-master: started before mc-stage2\.target was active/m],
  ])("fails %s, naming the service", (_what, shape, message) => {
    // mcdoc's stand-in is slower, so that a stage not waiting for it shows.
    const r = verdict("healthy", { shape, delayUs: (s) => (s.name === "mcdoc" ? 25e6 : DELAY) });
    expect(r.out).toMatch(message);
    expect(r.status).toBe(1);
  });
});

describe("a never-healthy service", () => {
  const never: Partial<Boot> = { delayUs: (s) => (s.name === "mcns" ? Infinity : DELAY) };
  const args = ["--faulty", "mcns", "--slack", "5"];

  it("passes when its wait gives up within its budget and nothing later starts", () => {
    const r = verdict("never-healthy", never, args);
    expect(r.fails).toEqual([]);
    expect(r.out).toMatch(/^ok {3}budget mcns: ended 4\d\.\d s after its start: health budget 45\.0 s .* slack 5\.0 s/m);
    expect(r.out).toMatch(/^ok {3}nothing-later mcns/m);
  });

  it("fails an end that was not its wait's (systemd's start timeout)", () => {
    const r = verdict("never-healthy", { ...never, killedBy: "systemd-timeout", unhealthyAfterUs: () => 75e6 }, args);
    expect(r.out).toMatch(/^FAIL given-up-by-its-wait mcns: ended \(died, 75\.\d s after its start; result timeout\) .*: not the wait giving up \(result exit-code\) between 38\.\d s and the budget/m);
    expect(r.status).toBe(1);
  });

  it("fails a wait that gives up early, long before its budget", () => {
    const r = verdict("never-healthy", { ...never, unhealthyAfterUs: () => 20e6 }, args);
    expect(r.fails).toEqual([expect.stringMatching(/^FAIL given-up-by-its-wait mcns: ended \(kill, 20\.\d s after its start; result exit-code\)/)]);
  });

  it("fails a budget overrun", () => {
    const r = verdict("never-healthy", { ...never, unhealthyAfterUs: () => 60e6 }, args);
    expect(r.out).toMatch(/^FAIL budget mcns: ended 60\.\d s after its start: health budget 45\.0 s/m);
  });

  it("fails when a later stage started anyway (the stage link missing)", () => {
    const r = verdict("never-healthy", { ...never, shape: when("mcp-master", { afterPrevious: false }) }, args);
    expect(r.out).toMatch(/^FAIL nothing-later mcns: later stages started anyway: mcp-master/m);
  });
});

describe("a late service", () => {
  const baseline = () => {
    const { show } = simulate(exp, { t0: T0, delayUs: () => DELAY });
    const final = /Id=mc-stage4\.target[\s\S]*?ActiveEnterTimestampMonotonic=(\d+)/.exec(show)![1]!;
    return Number(final) - T0;
  };
  const late = (seconds: number): Partial<Boot> => ({ delayUs: (s) => (s.name === "mcns" ? seconds * 1e6 : DELAY) });
  const args = (seconds: number, base = baseline()) => ["--faulty", "mcns", "--faulty-delay", String(seconds), "--baseline-boot", String(base)];

  it("passes when its first probes fail and it delays the boot", () => {
    const r = verdict("late", late(16), args(16));
    expect(r.fails).toEqual([]);
    expect(r.out).toMatch(/^ok {3}probes-failed-first mcns: \d+ probe\(s\) before its stand-in listened, none healthy \(starting\)/m);
  });

  it("fails \"delayed the boot\" when the boot was no later than the healthy one", () => {
    const r = verdict("late", late(16), args(16, baseline() + 15e6));
    expect(r.out).toMatch(/^FAIL delayed-the-boot mcns: the boot took .* less than its extra delay 14\.0 s less a probe period \(1\.3 s\) and the slack \(5\.0 s\)/m);
  });

  it("fails a lateness within a probe period and the slack: it proves no delay", () => {
    const r = verdict("late", late(3), args(3));
    expect(r.out).toMatch(/^FAIL delayed-the-boot mcns: its extra delay \(1\.0 s\) is within a probe period \(1\.3 s\) and the slack/m);
  });
});

describe("the judge's command line", () => {
  it("exits 2 on a usage error", () => {
    const r = run(["healthy", "--inventory", inventory]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing --show, --journal, --t0/);
  });
});
