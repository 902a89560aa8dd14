// The apply step's decisions, made by the real generated script (out/system/mcquad-apply for an
// inventory) run with bash against the fake host of fakes.ts: changed, new, removed and unchanged
// services, an image in storage, only in the registry or nowhere, a failure in an earlier stage,
// a second run, a rollback. test/e2e proves the same under a real systemd and podman.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { generateText, repo } from "../helpers.js";
import { writeFiles } from "../nixos/nix.js";
import { isGenerated } from "../../src/output/write.js";
import { apply, applyInBackground, breakUnit, calls, inRegistry, install, newWorld, running, runtimeDir, setRunning, setUnit, store, unitState, type World } from "./fakes.js";

const prefix = "mcr.svc.mcp.metacircular.net:8443";

interface Build {
  readonly files: ReadonlyMap<string, string>;
  /** The generated script, written out with the build. */
  readonly script: string;
  /** unit → image, from the script's own definitions. */
  readonly images: ReadonlyMap<string, string>;
}

function build(edit: (doc: ReturnType<typeof parseDocument>) => void = () => {}): Build {
  const doc = parseDocument(readFileSync(join(repo, "services.yaml"), "utf8"));
  edit(doc);
  const result = generateText(doc.toString());
  expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  const dir = writeFiles(result.files);
  const units = [...result.files.keys()].filter((f) => f.endsWith(".container"));
  const images = new Map(units.map((f) => [f.replace(/\.container$/, ".service"), /^Image=(.*)$/m.exec(result.files.get(f) ?? "")?.[1] ?? ""]));
  return { files: result.files, script: join(dir, "system", "mcquad-apply"), images };
}

/** A host running `b`: installed, every image stored, every unit and target active, applied once. */
function runningHost(b: Build): World {
  const world = newWorld();
  install(world, b.files);
  for (const [unit, image] of b.images) store(world, image), setUnit(world, unit, "active"), setRunning(world, unit, image);
  for (const n of [1, 2, 3, 4]) setUnit(world, `mc-stage${n}.target`, "active");
  const first = apply(world, b.script);
  expect(first).toMatchObject({ status: 0, calls: [] });
  return world;
}

/** Installs `b` over what runs and applies it, as an operator (or the NixOS switch) does. */
function upgrade(world: World, b: Build, env: Record<string, string> = {}) {
  install(world, b.files);
  return apply(world, b.script, env);
}

const restarts = (actions: readonly string[]) => actions.filter((a) => / (restart|start|stop) /.test(`${a} `));

let base: Build;
beforeAll(() => {
  base = build();
});

describe("the first run and a run with nothing changed", () => {
  it("only records on its first run: nothing is restarted, pulled or even asked", () => {
    const world = newWorld();
    install(world, base.files);
    const r = apply(world, base.script);
    expect(r).toMatchObject({ status: 0, calls: [] });
    expect(r.stdout).toContain("recorded these 12 definitions as applied, restarted nothing");
    expect(readFileSync(join(world.state, "applied"), "utf8").split("\n").filter(Boolean)).toHaveLength(12);
  });

  it("is a no-op when nothing changed: no call at all", () => {
    const world = runningHost(base);
    const r = apply(world, base.script);
    expect(r).toMatchObject({ status: 0, calls: [] });
    expect(r.stdout).toBe("nothing changed since the last apply: restarted nothing\n");
  });
});

describe("a changed service", () => {
  const bumped = `${prefix}/mcns:v1.2.1`;
  let next: Build;
  beforeAll(() => {
    next = build((doc) => doc.setIn(["services", "mcns", "image"], "mcns:v1.2.1"));
  });

  it("with its image only in the registry: pulled first, whatever Pull= says, then restarted alone", () => {
    expect(next.files.get("mcns.container")).toContain("Pull=never");
    const world = runningHost(base);
    inRegistry(world, bumped);
    const r = upgrade(world, next);
    expect(r.status).toBe(0);
    expect(r.actions).toEqual(["systemctl --user daemon-reload", `podman pull --quiet ${bumped}`, "systemctl --user restart --job-mode=ignore-dependencies mcns.service"]);
    expect(running(world, "mcns.service")).toBe(bumped);
    expect(r.stdout).toContain(`mcns.service: image ${bumped} is not in storage: pulling it\nmcns.service: changed: restarted, active\n`);
    expect(r.stdout).toContain("applied: 1 changed or new, 0 removed, 11 unchanged");
    // A second run is a no-op.
    expect(apply(world, next.script)).toMatchObject({ status: 0, calls: [] });
  });

  it("with its image in storage: no pull", () => {
    const world = runningHost(base);
    store(world, bumped);
    const r = upgrade(world, next);
    expect(r.calls).toContain(`podman image exists ${bumped}`);
    expect(r.actions).toEqual(["systemctl --user daemon-reload", "systemctl --user restart --job-mode=ignore-dependencies mcns.service"]);
  });

  it("with its image nowhere: the running container is left as it is, apply fails naming the service and the image, and nothing later is touched", () => {
    const later = build((doc) => {
      doc.setIn(["services", "mcns", "image"], "mcns:v9.9.9");
      doc.setIn(["services", "mcq", "image"], "mcq:v0.4.3");
    });
    const world = runningHost(base);
    store(world, `${prefix}/mcq:v0.4.3`);
    const r = upgrade(world, later);
    expect(r.status).toBe(1);
    expect(restarts(r.actions)).toEqual([]);
    expect(r.stdout).toContain(`FAILED: mcns.service: image ${prefix}/mcns:v9.9.9 is not in storage and cannot be pulled; mcns.service was left as it was`);
    expect(r.stdout).toContain("not touched after the failure: mcq.service");
    expect(r.stderr).toContain("manifest unknown");
    expect(running(world, "mcns.service")).toBe(`${prefix}/mcns:v1.2.0`);
    expect(unitState(world, "mcns.service")).toBe("active");
    // Nothing of it was recorded as applied: once the image can be had, the next run applies both.
    inRegistry(world, `${prefix}/mcns:v9.9.9`);
    const retry = apply(world, later.script);
    expect(retry.status).toBe(0);
    expect(restarts(retry.actions)).toEqual(["systemctl --user restart --job-mode=ignore-dependencies mcns.service", "systemctl --user restart --job-mode=ignore-dependencies mcq.service"]);
  });
});

describe("several changes", () => {
  let next: Build;
  beforeAll(() => {
    next = build((doc) => {
      doc.setIn(["services", "mcq", "image"], "mcq:v0.4.3");
      doc.setIn(["services", "mcr-api", "restart_delay"], "20s");
      doc.setIn(["services", "mcns", "restart_delay"], "20s");
      doc.deleteIn(["services", "sgardd"]);
      doc.deleteIn(["services", "mcp-master"]);
      doc.setIn(["services", "extra"], doc.createNode({ stage: 4, image: "extra:v1.0.0", ports: ["loopback:47000:8080"], health: { tcp: { port: 8080 } } }));
    });
  });

  function changedHost(): World {
    const world = runningHost(base);
    store(world, `${prefix}/mcq:v0.4.3`);
    inRegistry(world, `${prefix}/extra:v1.0.0`);
    return world;
  }

  it("stops removed services latest stage first, then restarts changed ones in stage order and starts new ones whose stage is up", () => {
    const world = changedHost();
    const r = upgrade(world, next);
    expect(r.status).toBe(0);
    expect(restarts(r.actions)).toEqual([
      "systemctl --user stop sgardd.service",
      "systemctl --user stop mcp-master.service",
      "systemctl --user restart --job-mode=ignore-dependencies mcns.service",
      "systemctl --user restart --job-mode=ignore-dependencies mcr-api.service",
      "systemctl --user start extra.service",
      "systemctl --user restart --job-mode=ignore-dependencies mcq.service",
    ]);
    expect(r.calls).toContain(`podman pull --quiet ${prefix}/extra:v1.0.0`);
    expect(r.stdout).toContain("sgardd.service: no longer defined: stopped\nmcp-master.service: no longer defined: stopped\n");
    expect(r.stdout).toContain("extra.service: new: started, active (mc-stage4.target is up)");
    expect(apply(world, next.script)).toMatchObject({ status: 0, calls: [] });
  });

  it("does not start a new or changed service whose stage is down, but still puts its image in storage", () => {
    const world = changedHost();
    setUnit(world, "mc-stage4.target", "inactive");
    setUnit(world, "mcq.service", "inactive");
    const r = upgrade(world, next);
    expect(r.status).toBe(0);
    expect(restarts(r.actions).filter((a) => /extra|mcq/.test(a))).toEqual([]);
    expect(r.calls).toContain(`podman pull --quiet ${prefix}/extra:v1.0.0`);
    expect(r.stdout).toContain("extra.service: new: not running (inactive), and mc-stage4.target is not up: it starts from the new unit with its stage");
  });

  it("after a failure in an earlier stage touches nothing later, and exits 1", () => {
    const world = changedHost();
    breakUnit(world, "mcns.service");
    const r = upgrade(world, next);
    expect(r.status).toBe(1);
    expect(restarts(r.actions).at(-1)).toBe("systemctl --user restart --job-mode=ignore-dependencies mcns.service");
    expect(r.stdout).toContain("FAILED: mcns.service: changed, restarted, but it is failed: journalctl --user -u mcns.service");
    expect(r.stdout).toContain("not touched after the failure: mcr-api.service extra.service mcq.service");
    expect(r.calls.filter((c) => c.includes("podman") && /extra|mcq/.test(c))).toEqual([]);
    // The removals were done and stay recorded; the rest is retried (mcns, failed now, is started).
    const retry = apply(world, next.script);
    expect(retry.status).toBe(1);
    expect(restarts(retry.actions)).toEqual(["systemctl --user start mcns.service"]);
  });

  it("rolls back: applying the previous build restores its definitions and touches no unchanged service", () => {
    const world = changedHost();
    expect(upgrade(world, next).status).toBe(0);
    const back = upgrade(world, base);
    expect(back.status).toBe(0);
    expect(restarts(back.actions)).toEqual([
      "systemctl --user stop extra.service",
      "systemctl --user restart --job-mode=ignore-dependencies mcns.service",
      "systemctl --user restart --job-mode=ignore-dependencies mcr-api.service",
      "systemctl --user start mcp-master.service",
      "systemctl --user restart --job-mode=ignore-dependencies mcq.service",
      "systemctl --user start sgardd.service",
    ]);
    expect(running(world, "mcq.service")).toBe(`${prefix}/mcq:v0.4.2`);
    expect(apply(world, base.script)).toMatchObject({ status: 0, calls: [] });
  });
});

describe("two runs at once", () => {
  const bumped = `${prefix}/mcns:v1.2.1`;
  const lock = (world: World) => join(runtimeDir(world), "mcquad-apply.lock");
  let next: Build;
  beforeAll(() => {
    next = build((doc) => doc.setIn(["services", "mcns", "image"], "mcns:v1.2.1"));
  });

  /** A changed host whose first run is in the middle of its (slow) restart of mcns. */
  async function firstRunRestarting(world: World) {
    store(world, bumped);
    install(world, next.files);
    writeFileSync(join(world.dir, "calls"), "");
    const first = applyInBackground(world, next.script, { FAKE_RESTART_SECONDS: "2" });
    for (let i = 0; i < 200 && !calls(world).some((c) => c.includes(" restart ")); i++) await new Promise((r) => setTimeout(r, 25));
    expect(calls(world).filter((c) => c.includes(" restart "))).toHaveLength(1);
    return first;
  }

  it("the second waits for the first's lock, naming it and its holder, then finds nothing left to do", async () => {
    const world = runningHost(base);
    const first = await firstRunRestarting(world);
    const second = applyInBackground(world, next.script);
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a).toMatchObject({ status: 0 });
    expect(a.stdout).toContain("mcns.service: changed: restarted, active");
    expect(b.status).toBe(0);
    expect(b.stderr).toMatch(new RegExp(`^mcquad-apply: another run holds the lock ${lock(world)} \\(pid [0-9]+\\): waiting for it to finish\n$`));
    expect(b.stdout).toBe("nothing changed since the last apply: restarted nothing\n");
    // One restart in all: without the lock both would have read the old state and restarted mcns.
    expect(calls(world).filter((c) => / (restart|start|stop) /.test(`${c} `))).toEqual(["systemctl --user restart --job-mode=ignore-dependencies mcns.service"]);
  });

  it("leaves no stale lock when a run is killed: the next one does not wait", async () => {
    const world = runningHost(base);
    const first = await firstRunRestarting(world);
    process.kill(-first.pid, "SIGKILL");
    await first.done;
    const r = apply(world, next.script);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(restarts(r.actions)).toEqual(["systemctl --user restart --job-mode=ignore-dependencies mcns.service"]);
  });

  it("refuses, naming the folder, when the user manager's runtime folder is missing", () => {
    const world = runningHost(base);
    const r = apply(world, base.script, { XDG_RUNTIME_DIR: join(world.dir, "run", "user", "missing") });
    expect(r).toMatchObject({ status: 1, calls: [] });
    expect(r.stderr).toContain(`mcquad-apply: no ${join(world.dir, "run", "user", "missing")} for the lock: is mcp's user manager running`);
  });
});

describe("the script as a generated file", () => {
  it("is executable, with the marker the output writer recognises on the line after #!", () => {
    const text = readFileSync(base.script, "utf8");
    expect(text.split("\n").slice(0, 2)).toEqual(["#!/usr/bin/env bash", "# Generated by mcquad from services.yaml. Do not edit:"]);
    expect(isGenerated(text)).toBe(true);
    expect(isGenerated("#!/bin/sh\n# mine\n")).toBe(false);
    // As `mcquad build` wrote it into out/ (and git keeps the mode).
    expect(statSync(join(repo, "out", "system", "mcquad-apply")).mode & 0o111).toBe(0o111);
  });

  it("passes bash -n and has the same bytes on every build", () => {
    expect(spawnSync("bash", ["-n", base.script]).status).toBe(0);
    expect(build().files.get("system/mcquad-apply")).toBe(base.files.get("system/mcquad-apply"));
  });
});

describe("safety", () => {
  it("touches nothing when the installed units are not the ones the script was built with", () => {
    const next = build((doc) => doc.setIn(["services", "mcq", "image"], "mcq:v0.4.3"));
    const world = runningHost(base);
    // The new script, the old units.
    const r = apply(world, next.script);
    expect(r.status).toBe(1);
    expect(r.actions).toEqual(["systemctl --user daemon-reload"]);
    expect(r.stdout).toContain(`mcq.service: the installed unit (${join(world.dir, "installed", "mcq.container")}) is not the one this script applies`);
  });

  it("runs as the platform user: as root it becomes mcp, as anyone else it refuses", () => {
    const world = runningHost(base);
    const asRoot = apply(world, base.script, { FAKE_UID: "0" });
    expect(asRoot.status).toBe(0);
    expect(asRoot.calls[0]).toBe(`runuser -u mcp -- env HOME=/srv/mcp XDG_RUNTIME_DIR=/run/user/850 bash ${base.script}`);
    const other = apply(world, base.script, { FAKE_UID: "1000" });
    expect(other).toMatchObject({ status: 2, calls: [] });
    expect(other.stderr).toContain("run as mcp (uid 850) or as root");
  });
});
