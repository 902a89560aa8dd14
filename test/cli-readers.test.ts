// The CLI's answers judged from outside: `plan --json` against services.yaml read here with
// js-yaml (not through mcquad), `validate`'s exit codes on real processes, and colour on a real
// pseudo-terminal made by script(1).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { fixtures, mcquad, repo } from "./helpers.js";

interface RawHealth { interval?: string; timeout?: string; retries?: number; start_period?: string; on_failure?: string; startup_interval?: string }
interface RawService { stage: number; image: string; ports?: string[]; requires?: string[]; wants?: string[]; pull?: string; start_timeout?: string; health?: RawHealth }
interface Raw {
  registry: { prefix: string; served_by: string[] };
  hosts: Record<string, { addresses: Record<string, string | { ip: string }> }>;
  defaults: { health: Required<Omit<RawHealth, "startup_interval">> & Pick<RawHealth, "startup_interval"> };
  stages: { name: string; pending?: { name: string }[] }[];
  services: Record<string, RawService>;
}
interface PlanService { name: string; unit: string; stage: number; wave: number; image: string; ports: unknown[]; requires: string[]; wants: string[]; pull: string; startTimeoutSec: number; health: { budgetSec: number; onFailure: string } | null }
interface Plan { stages: { index: number; target: string; waves: string[][]; pending: string[] }[]; services: PlanService[] }

const inv = yaml.load(readFileSync(join(repo, "services.yaml"), "utf8")) as Raw;
const seconds = (d: string) => [...d.matchAll(/(\d+)(ms|s|m|h)/g)].reduce((t, [, n, u]) => t + Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[u as "s"], 0);

describe("plan --json, against the inventory", () => {
  const r = mcquad(["plan", "--json"], repo);
  const plan = JSON.parse(r.stdout) as Plan;
  const addresses = Object.fromEntries(Object.entries(Object.values(inv.hosts)[0]!.addresses).map(([k, a]) => [k, typeof a === "string" ? a : a.ip]));
  // The registry is up once every service serving it is: its stage; before it nothing can pull.
  const registryStage = Math.max(...inv.registry.served_by.map((n) => inv.services[n]!.stage));

  it("exits 0 with every service once, in its stage", () => {
    expect(r.code).toBe(0);
    expect(plan.services.map((s) => s.name).sort()).toEqual(Object.keys(inv.services).sort());
    expect(plan.stages.map((s) => s.target)).toEqual(inv.stages.map((s) => `${s.name}.target`));
    plan.stages.forEach((stage, i) => {
      const own = Object.entries(inv.services).filter(([, s]) => s.stage === i + 1).map(([n]) => n).sort();
      expect(stage.waves.flat().sort()).toEqual(own);
      expect(stage.pending).toEqual((inv.stages[i]!.pending ?? []).map((p) => p.name));
    });
  });

  it.each(Object.keys(inv.services))("%s: image, ports, dependencies, wave, health budget, pull and start timeout", (name) => {
    const raw = inv.services[name]!;
    const p = plan.services.find((s) => s.name === name)!;
    const h = { ...inv.defaults.health, ...raw.health };
    // The regular check's window (README, "health"), the last check for its timeout: the unit's
    // wait gives up then, whatever startup_interval makes it probe.
    const budget = seconds(h.start_period) + h.retries * seconds(h.interval) + seconds(h.timeout);
    const pull = raw.pull ?? (raw.stage <= registryStage ? "never" : "missing");
    const sameStage = [...(raw.requires ?? []), ...(raw.wants ?? [])].filter((d) => inv.services[d]!.stage === raw.stage);
    const wave = (n: string): number => 1 + Math.max(0, ...[...(inv.services[n]!.requires ?? []), ...(inv.services[n]!.wants ?? [])]
      .filter((d) => inv.services[d]!.stage === inv.services[n]!.stage).map(wave));
    expect(p).toMatchObject({
      unit: `${name}.service`, stage: raw.stage, image: `${inv.registry.prefix}/${raw.image}`,
      requires: raw.requires ?? [], wants: raw.wants ?? [], pull, wave: wave(name),
      startTimeoutSec: raw.start_timeout ? seconds(raw.start_timeout) : budget + 30 + (pull === "never" ? 0 : 120),
      health: { budgetSec: budget, onFailure: h.on_failure },
    });
    expect(sameStage.every((d) => plan.services.find((s) => s.name === d)!.wave < p.wave)).toBe(true);
    expect(p.ports).toEqual((raw.ports ?? []).map((b) => {
      const [binding = "", protocol = "tcp"] = b.split("/");
      const [address, host, container] = binding.split(":");
      return { ip: addresses[address!], hostPort: Number(host), containerPort: Number(container), protocol };
    }));
  });
});

describe("validate's exit codes", () => {
  const invalid = readdirSync(join(fixtures, "invalid")).filter((f) => f.endsWith(".yaml"));

  it("0 on the real inventory, with its warnings", () => {
    const r = mcquad(["validate"], repo);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^0 errors, 3 warnings$/m);
  });

  it.each(invalid)("1 on invalid/%s, with the report", (file) => {
    const r = mcquad(["validate", "--inventory", join(fixtures, "invalid", file)], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^[1-9]\d* errors?, \d+ warnings?$/m);
  });
});

describe("colour on a real terminal", () => {
  // script(1) runs the command on a new pseudo-terminal: stderr is a TTY, as for a user.
  const onTerminal = (env: Record<string, string>) => spawnSync("script", ["-qec", `${process.execPath} ${join(repo, "bin", "mcquad.js")} validate --inventory ${join(fixtures, "invalid", "cycle.yaml")}`, "/dev/null"], { cwd: repo, encoding: "utf8", env: { ...process.env, ...env } });

  it("colours errors on a terminal, and passes the exit code through", () => {
    const r = onTerminal({ NO_COLOR: "" });
    expect(r.stdout).toContain("\u001b[31m");
    expect(r.stdout).toMatch(/cycle/);
    expect(r.status).toBe(1);
  });

  it("prints none with NO_COLOR, even on a terminal", () => {
    const r = onTerminal({ NO_COLOR: "1" });
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stdout).toMatch(/cycle/);
    expect(r.status).toBe(1);
  });
});
