// The units start exactly the runbook's containers. The runbook's twelve `podman run` commands
// (test/fixtures/runbook) are compared with the `podman run` in the ExecStart= that the real
// Quadlet generator writes for the committed out/: same name, image, network, user, ports,
// volumes, environment and arguments. What mcquad adds (health, pull, sdnotify) is on top.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtures, repo } from "./helpers.js";
import { podmanTree } from "./verify/podman.js";
import { findRunCommands } from "../src/podman/find-commands.js";
import { parseRunCommand, type ContainerSpec } from "../src/podman/run-command.js";
import { splitSystemdWords } from "../src/podman/systemd-words.js";

const runbook = findRunCommands(readFileSync(join(fixtures, "runbook", "disaster-recovery.md"), "utf8")).map((c) => parseRunCommand(c.words.map((w) => w.text)));

/** service name → the podman run its generated unit executes, read with systemd's rules. */
function generatedCommands(outDir: string): Map<string, ContainerSpec> {
  const dryrun = execFileSync(podmanTree().quadlet, ["-user", "-dryrun"], { env: { ...process.env, QUADLET_UNIT_DIRS: outDir }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const specs = new Map<string, ContainerSpec>();
  for (const [, name, body] of dryrun.matchAll(/^---(.+)\.service---\n([\s\S]*?)(?=^---|(?![\s\S]))/gm)) {
    const execStart = /^ExecStart=(.*)$/m.exec(body ?? "")?.[1] ?? "";
    specs.set(name as string, parseRunCommand(splitSystemdWords(execStart)));
  }
  return specs;
}

const comparable = (s: ContainerSpec) => ({ name: s.name, image: s.image, network: s.network ?? "default", user: s.user, ports: s.ports, volumes: s.volumes, env: s.env, args: s.args });

describe("the committed out/ starts the runbook's containers", () => {
  const units = generatedCommands(join(repo, "out"));

  it("has one unit for each of the runbook's twelve commands, and no other", () => {
    expect(runbook).toHaveLength(12);
    expect([...units.keys()].sort()).toEqual(runbook.map((r) => r.name).sort());
  });

  it.each(runbook.map((r) => [r.name, r] as const))("%s: same container as the runbook", (name, expected) => {
    expect(comparable(units.get(name as string) as ContainerSpec)).toEqual(comparable(expected));
  });

  it.each(runbook.map((r) => [r.name] as const))("%s: restart is systemd's, not podman's", (name) => {
    expect((units.get(name as string) as ContainerSpec).other.some((o) => o.startsWith("--restart"))).toBe(false);
    const unit = readFileSync(join(repo, "out", `${name}.container`), "utf8");
    expect(unit).toMatch(/^Restart=(always|on-failure)$/m);
  });
});
