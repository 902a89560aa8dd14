// The generated runbook's manual fallbacks start exactly the containers the generated units start.
// Each `podman run` in RUNBOOK.md (found and read as a shell would) is compared with the
// `podman run` in the ExecStart= that the real Quadlet generator writes for the same folder:
// same name, image, network, user, ports, volumes, environment, arguments, pull policy and health
// check. Only what serves systemd differs, and the test says exactly what.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtures, repo } from "./helpers.js";
import { podmanTree } from "./verify/podman.js";
import { findRunCommands } from "../src/podman/find-commands.js";
import { parseRunCommand, type ContainerSpec } from "../src/podman/run-command.js";
import { splitSystemdWords } from "../src/podman/systemd-words.js";

/** service name → the podman run its generated unit executes, read with systemd's rules. */
function unitCommands(dir: string): Map<string, ContainerSpec> {
  const dryrun = execFileSync(podmanTree().quadlet, ["-user", "-dryrun"], { env: { ...process.env, QUADLET_UNIT_DIRS: dir }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const specs = new Map<string, ContainerSpec>();
  for (const [, name, body] of dryrun.matchAll(/^---(.+)\.service---\n([\s\S]*?)(?=^---|(?![\s\S]))/gm)) {
    specs.set(name as string, parseRunCommand(splitSystemdWords(/^ExecStart=(.*)$/m.exec(body ?? "")?.[1] ?? "")));
  }
  return specs;
}

function runbookCommands(dir: string): ContainerSpec[] {
  return findRunCommands(readFileSync(join(dir, "RUNBOOK.md"), "utf8")).map((c) => {
    expect(c.words.some((w) => w.expands), `line ${c.line}: a word the shell would expand`).toBe(false);
    return parseRunCommand(c.words.map((w) => w.text));
  });
}

const comparable = (s: ContainerSpec) => ({
  name: s.name,
  image: s.image,
  network: s.network ?? "default",
  user: s.user,
  ports: s.ports,
  volumes: s.volumes,
  env: s.env,
  args: s.args,
  // --health-on-failure serves systemd (a never-healthy unit fails fast); the fallback leaves it out.
  pullAndHealth: s.other.filter((o) => /^--(pull|health-(?!on-failure))/.test(o)).sort(),
});

/** Options only the unit has: its lifecycle under systemd, never the container's behaviour. */
const systemdOnly = /^(--cidfile|--replace|--rm|--cgroups|--sdnotify|-d|--health-on-failure)(=|$)/;

describe.each([
  { name: "the committed out/", dir: join(repo, "out"), services: 12 },
  { name: "the small fixture (quoting, environment, host network)", dir: join(fixtures, "small", "expected"), services: 4 },
])("$name: RUNBOOK.md starts the units' containers", ({ dir, services }) => {
  const units = unitCommands(dir);
  const runbook = runbookCommands(dir);

  it("has one manual fallback per unit, and no other", () => {
    expect(units.size).toBe(services);
    expect(runbook.map((r) => r.name).sort()).toEqual([...units.keys()].sort());
  });

  it.each(runbook.map((r) => [r.name, r] as const))("%s: the same container as its unit", (name, fallback) => {
    expect(comparable(fallback)).toEqual(comparable(units.get(name as string) as ContainerSpec));
  });

  it.each(runbook.map((r) => [r.name, r] as const))("%s: podman restarts it by hand, systemd in the unit", (name, fallback) => {
    const unit = units.get(name as string) as ContainerSpec;
    expect(fallback.restart).toBe("unless-stopped");
    expect(unit.restart).toBeUndefined();
    expect(fallback.other.filter((o) => !/^--(pull|health-)/.test(o))).toEqual(["-d"]);
    expect(unit.other.filter((o) => !/^--(pull|health-)/.test(o)).every((o) => systemdOnly.test(o))).toBe(true);
  });
});
