// The e2e's judge (test/e2e/lib/expect.mjs) over boots recorded in the e2e's guest (systemd 257,
// podman 5.4.2): `systemctl --user show` and podman's journal events, as scenarios/boot.sh dumps
// them, in fixtures/ (see fixtures/README.md). Each real boot passes; the healthy one, altered the
// way a broken unit would have made it, fails the check about that unit, naming it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repo } from "../helpers.js";

const judge = join(repo, "test", "e2e", "lib", "expect.mjs");
const fixtures = join(repo, "test", "judge", "fixtures");
const scratch = mkdtempSync(join(tmpdir(), "mcquad-recorded-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A recorded boot: the dumps and how the e2e asked the judge about it (fixtures/BOOT.json). */
interface Recording {
  readonly inventory: string;
  readonly t0: number;
  readonly delay: number;
  readonly addresses: readonly string[];
  readonly args: readonly string[];
}
const recording = (boot: string) => ({
  meta: JSON.parse(readFileSync(join(fixtures, `${boot}.json`), "utf8")) as Recording,
  show: readFileSync(join(fixtures, `${boot}.show`), "utf8"),
  journal: readFileSync(join(fixtures, `${boot}.journal`), "utf8"),
});

let n = 0;
function verdict(kind: string, boot: string, alter: { show?: (s: string) => string; journal?: (j: string) => string } = {}) {
  const r = recording(boot);
  const files = { show: join(scratch, `${n}.show`), journal: join(scratch, `${n++}.journal`) };
  writeFileSync(files.show, (alter.show ?? ((s) => s))(r.show));
  writeFileSync(files.journal, (alter.journal ?? ((j) => j))(r.journal));
  const args = [judge, kind, "--inventory", join(fixtures, r.meta.inventory), ...r.meta.addresses.flatMap((a) => ["--address", a]),
    "--show", files.show, "--journal", files.journal, "--t0", String(r.meta.t0), "--delay", String(r.meta.delay), ...r.meta.args];
  const p = spawnSync(process.execPath, args, { encoding: "utf8" });
  return { out: p.stdout + p.stderr, status: p.status, fails: p.stdout.split("\n").filter((l) => l.startsWith("FAIL")) };
}

/** One property of one unit's block of `systemctl show`. */
const block = (show: string, unit: string) => show.split(/\n\n/).find((b) => b.includes(`Id=${unit}\n`)) ?? "";
const prop = (show: string, unit: string, key: string) => Number(new RegExp(`^${key}=(\\d+)$`, "m").exec(block(show, unit))?.[1]);
function setProp(show: string, unit: string, key: string, value: number): string {
  const b = block(show, unit);
  return show.replace(b, b.replace(new RegExp(`^${key}=\\d+$`, "m"), `${key}=${value}`));
}
/** podman's events of one container, as the journal holds them. */
const eventsOf = (journal: string, name: string) =>
  journal.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, string>).filter((e) => e.PODMAN_NAME === name);
const withoutEvents = (journal: string, name: string, event: string) =>
  journal.split("\n").filter((l) => l === "" || !(JSON.parse(l).PODMAN_NAME === name && JSON.parse(l).PODMAN_EVENT === event)).join("\n");

describe("boots recorded in the guest", () => {
  it("the healthy boot passes every check", () => {
    const r = verdict("healthy", "healthy-boot");
    expect(r.fails).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^ok {3}health-gate mcr-web: active/m);
    expect(r.out).toMatch(/^ok {3}final mc-stage4\.target/m);
  });

  it("the never-healthy boot passes: the unit's wait for health gave up at its budget", () => {
    const r = verdict("never-healthy", "never-healthy-boot");
    expect(r.fails).toEqual([]);
    expect(r.out).toMatch(/^ok {3}given-up-by-its-wait mcns: its wait's probes failed \d+ times/m);
    expect(r.out).toMatch(/^ok {3}budget mcns: ended .* measured overrun/m);
  });

  it("the late boot passes: its first probes failed and it delayed the boot by about its delay", () => {
    const r = verdict("late", "late-boot");
    expect(r.fails).toEqual([]);
    expect(r.out).toMatch(/^ok {3}probes-failed-first mcns/m);
    expect(r.out).toMatch(/^ok {3}delayed-the-boot mcns: the boot took/m);
  });
});

describe("the recorded healthy boot, as broken units would have left it", () => {
  const { show, journal } = recording("healthy-boot");
  const START = "ExecMainStartTimestampMonotonic";
  const ACTIVE = "ActiveEnterTimestampMonotonic";

  it("a dropped dependency: mcr-web started before mcr-api was active", () => {
    const before = prop(show, "mcr-api.service", ACTIVE) - 1e6;
    const r = verdict("healthy", "healthy-boot", { show: (s) => setProp(s, "mcr-web.service", START, before) });
    expect(r.fails.join("\n")).toMatch(/^FAIL dependency mcr-web: started before mcr-api\.service was active/m);
    expect(r.status).toBe(1);
  });

  it("the wait for health missing: mcr-api active as soon as podman started it, before it was healthy", () => {
    const started = Number(eventsOf(journal, "mcr-api").find((e) => e.PODMAN_EVENT === "start")?.__MONOTONIC_TIMESTAMP);
    const r = verdict("healthy", "healthy-boot", { show: (s) => setProp(s, "mcr-api.service", ACTIVE, started + 100_000) });
    expect(r.fails.join("\n")).toMatch(/^FAIL health-gate mcr-api: active 0\.1 s after its container started, before its stand-in could listen/m);
  });

  it("a probe missing: no health_status events of mcat", () => {
    expect(eventsOf(journal, "mcat").some((e) => e.PODMAN_EVENT === "health_status")).toBe(true);
    const r = verdict("healthy", "healthy-boot", { journal: (j) => withoutEvents(j, "mcat", "health_status") });
    expect(r.fails).toEqual([expect.stringMatching(/^FAIL probe mcat: podman never reported it healthy/)]);
  });

  it("a stage link missing: a stage-2 service started before mc-stage1.target", () => {
    const before = prop(show, "mc-stage1.target", ACTIVE) - 1e6;
    const r = verdict("healthy", "healthy-boot", { show: (s) => setProp(s, "mcr-web.service", START, before) });
    expect(r.fails.join("\n")).toMatch(/^FAIL stage mcr-web: started before mc-stage1\.target was active/m);
  });

  it("a stage that does not wait: mc-stage4.target active before mcdoc", () => {
    const before = prop(show, "mcdoc.service", ACTIVE) - 1e6;
    const r = verdict("healthy", "healthy-boot", { show: (s) => setProp(s, "mc-stage4.target", ACTIVE, before) });
    expect(r.fails.join("\n")).toMatch(/^FAIL stage mcdoc: mc-stage4\.target became active before it/m);
  });
});

describe("the recorded never-healthy and late boots, as other causes would have left them", () => {
  it("a never-healthy end that was systemd's start timeout, not the wait's, fails", () => {
    const r = verdict("never-healthy", "never-healthy-boot", { show: (s) => s.replace(block(s, "mcns.service"), block(s, "mcns.service").replace("Result=exit-code", "Result=timeout")) });
    expect(r.fails).toEqual([expect.stringMatching(/^FAIL given-up-by-its-wait mcns: ended \(\w+, 4\d\.\d s after its start; result timeout\)/)]);
  });

  it("a never-healthy end without the wait's probes fails", () => {
    const r = verdict("never-healthy", "never-healthy-boot", { journal: (j) => withoutEvents(j, "mcns", "health_status") });
    expect(r.fails).toEqual([expect.stringMatching(/^FAIL given-up-by-its-wait mcns: ended \(\w+, .*; result exit-code\) after 0 health_status/)]);
  });

  it("a late service active long after its stand-in listened: the boot waited for something else", () => {
    const { show } = recording("late-boot");
    const later = prop(show, "mcns.service", "ActiveEnterTimestampMonotonic") + 15e6; // beyond the bound: a timeout (5 s), a probe period (1.25 s), the slack (5 s)
    const r = verdict("late", "late-boot", { show: (s) => setProp(s, "mcns.service", "ActiveEnterTimestampMonotonic", later) });
    expect(r.fails.join("\n")).toMatch(/^FAIL delayed-the-boot mcns: active 1\d\.\d s after its stand-in could listen \(not within/m);
  });

  it("a late service whose first probes were not seen failing fails", () => {
    const { journal } = recording("late-boot");
    const listened = Number(eventsOf(journal, "mcns").find((e) => e.PODMAN_EVENT === "start")?.__MONOTONIC_TIMESTAMP) + 15e6;
    const early = (j: string) => j.split("\n").filter((l) => {
      if (l === "") return true;
      const e = JSON.parse(l) as Record<string, string>;
      return !(e.PODMAN_NAME === "mcns" && e.PODMAN_EVENT === "health_status" && Number(e.__MONOTONIC_TIMESTAMP) < listened);
    }).join("\n");
    const r = verdict("late", "late-boot", { journal: early });
    expect(r.fails).toEqual([expect.stringMatching(/^FAIL probes-failed-first mcns: no probe ran before its stand-in listened/)]);
  });
});
