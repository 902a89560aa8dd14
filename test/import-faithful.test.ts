// `mcquad import` of the runbook fixture (test/fixtures/runbook: the twelve `podman run` commands
// as code blocks, and a recovery order) gives an inventory whose units start the same twelve
// containers as the committed services.yaml's, in the same stages. Both inventories are built;
// the real Quadlet generator writes each unit's ExecStart=, which is read back with systemd's
// word rules and compared: name, image, network, user, ports, volumes, environment, arguments.
import { describe, expect, it, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsYaml from "js-yaml";
import { fixtures, generateText, repo, writeTree } from "./helpers.js";
import { podmanTree } from "./verify/podman.js";
import { importRunbook } from "../src/import/import.js";
import { parseRunCommand, type ContainerSpec } from "../src/podman/run-command.js";
import { splitSystemdWords } from "../src/podman/systemd-words.js";

const runbook = readFileSync(join(fixtures, "runbook", "disaster-recovery.md"), "utf8");
const imported = importRunbook(runbook, { source: "disaster-recovery.md", host: "rift", userName: "mcp", uid: 850 });
const committed = readFileSync(join(repo, "services.yaml"), "utf8");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Builds the inventory into a temporary folder; service name → the podman run its unit executes. */
function containers(inventory: string): Map<string, ContainerSpec> {
  const result = generateText(inventory);
  expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  const dir = mkdtempSync(join(tmpdir(), "mcquad-import-"));
  dirs.push(dir);
  writeTree(dir, result.files);
  const dryrun = execFileSync(podmanTree().quadlet, ["-user", "-dryrun"], { env: { ...process.env, QUADLET_UNIT_DIRS: dir }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const specs = new Map<string, ContainerSpec>();
  for (const [, name, body] of dryrun.matchAll(/^---(.+)\.service---\n([\s\S]*?)(?=^---|(?![\s\S]))/gm)) {
    specs.set(name as string, parseRunCommand(splitSystemdWords(/^ExecStart=(.*)$/m.exec(body ?? "")?.[1] ?? "")));
  }
  return specs;
}

const comparable = (s: ContainerSpec | undefined) => s && { name: s.name, image: s.image, network: s.network ?? "default", user: s.user, ports: s.ports, volumes: s.volumes, env: s.env, args: s.args };

type Stages = { stages: { name: string }[]; services: Record<string, { stage: number }> };
const stagesOf = (text: string): Record<string, number> => Object.fromEntries(Object.entries((jsYaml.load(text) as Stages).services).map(([name, s]) => [name, s.stage]));

describe("mcquad import of the runbook fixture", () => {
  it("imports twelve services in four stages", () => {
    expect(imported.text).toBeDefined();
    expect([imported.services, imported.stages]).toEqual([12, 4]);
  });

  const fromImport = containers(imported.text ?? "");
  const fromCommitted = containers(committed);

  it("builds units for the same twelve services as services.yaml", () => {
    expect([...fromImport.keys()].sort()).toEqual([...fromCommitted.keys()].sort());
    expect(fromImport.size).toBe(12);
  });

  it.each([...fromCommitted.keys()].map((name) => [name]))("%s: the same container as services.yaml starts", (name) => {
    expect(comparable(fromImport.get(name))).toEqual(comparable(fromCommitted.get(name)));
  });

  it("puts every service in services.yaml's stage, and has as many stages", () => {
    expect(stagesOf(imported.text ?? "")).toEqual(stagesOf(committed));
    expect((jsYaml.load(imported.text ?? "") as Stages).stages).toHaveLength((jsYaml.load(committed) as Stages).stages.length);
  });

  it("warns only about what a command cannot say: the host-network services' listening ports", () => {
    const messages = imported.findings.map((f) => `${f.position?.line}:${f.position?.col}: ${f.message}`);
    expect(messages).toEqual([
      "37:1: option --network host: the command does not say which ports the container listens on",
      "92:1: option --network host: the command does not say which ports the container listens on",
    ]);
  });

  it("is deterministic", () => {
    expect(importRunbook(runbook, { source: "disaster-recovery.md", host: "rift", userName: "mcp", uid: 850 }).text).toBe(imported.text);
  });
});
