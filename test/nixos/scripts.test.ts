// The module's shell scripts, run by bash as NixOS runs them (`set -e`), with stand-ins for
// systemctl and journalctl that record their arguments: restart on switch. The door's report is
// tested with the door (test/door/door.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { generateText, repo } from "../helpers.js";
import { ensureNix, evalModule, INSTALL_TIMEOUT_MS, stubPkgs, writeFiles, type ModuleOutput } from "./nix.js";

beforeAll(ensureNix, INSTALL_TIMEOUT_MS);

/** A fake pkgs.systemd: systemctl and journalctl append their arguments to $LOG. */
function fakeSystemd(): string {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-fake-systemd-"));
  mkdirSync(join(dir, "bin"));
  const tools: Record<string, string> = {
    systemctl: 'echo "systemctl $*" >> "$LOG"\ncase "$*" in *list-units*) [ -z "$FAILED_UNITS" ] || printf \'%s\\n\' "$FAILED_UNITS";; esac\ncase "$*" in *"$FAIL_ON"*) [ -z "$FAIL_ON" ] || exit 1;; esac\n',
    journalctl: 'echo "journal $*"\n',
  };
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(dir, "bin", name), `#!/bin/sh\n${body}`);
    chmodSync(join(dir, "bin", name), 0o755);
  }
  return dir;
}

const systemd = fakeSystemd();
const config = { users: { users: { mcp: { uid: 850 } }, groups: { mcp: { gid: 850 } } } };

function moduleOf(edit: (doc: ReturnType<typeof parseDocument>) => void = () => {}): ModuleOutput {
  const doc = parseDocument(readFileSync(join(repo, "services.yaml"), "utf8"));
  edit(doc);
  const result = generateText(doc.toString());
  expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  return evalModule(join(writeFiles(result.files), "nixos.nix"), config, stubPkgs(systemd));
}

function run(script: string, env: Record<string, string>): { status: number | null; stdout: string; calls: string[] } {
  const log = join(mkdtempSync(join(tmpdir(), "mcquad-log-")), "calls");
  writeFileSync(log, "");
  const r = spawnSync("bash", ["-c", `set -e\n${script}`], { encoding: "utf8", env: { PATH: process.env["PATH"] ?? "", LOG: log, FAILED_UNITS: "", FAIL_ON: "", ...env } });
  return { status: r.status, stdout: r.stdout, calls: readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

const restartScript = (m: ModuleOutput): string => m.systemd.services["mcquad-restart-mcp"].script;

describe("restart on switch", () => {
  let before: ModuleOutput;
  let after: ModuleOutput;
  beforeAll(() => {
    before = moduleOf();
    after = moduleOf((doc) => {
      doc.setIn(["services", "mcq", "image"], "mcq:v0.4.3");
      doc.setIn(["services", "mcns", "restart_delay"], "20s");
      doc.deleteIn(["services", "sgardd"]);
      doc.setIn(["services", "extra"], doc.createNode({ stage: 4, image: "extra:v1.0.0", ports: ["loopback:47000:8080"], health: { tcp: { port: 8080 } } }));
    });
  });

  it("only records the hashes on its first run of a boot", () => {
    const runtime = mkdtempSync(join(tmpdir(), "mcquad-run-"));
    const first = run(restartScript(before), { RUNTIME_DIRECTORY: runtime });
    expect(first).toMatchObject({ status: 0, calls: [] });
    expect(readFileSync(join(runtime, "units"), "utf8").split("\n").filter(Boolean)).toHaveLength(12);
  });

  it("restarts nothing when no unit changed", () => {
    const runtime = mkdtempSync(join(tmpdir(), "mcquad-run-"));
    run(restartScript(before), { RUNTIME_DIRECTORY: runtime });
    expect(run(restartScript(before), { RUNTIME_DIRECTORY: runtime })).toMatchObject({ status: 0, calls: ["systemctl --user daemon-reload"] });
  });

  it("restarts exactly the changed services in stage order, starts new ones, stops removed ones", () => {
    const runtime = mkdtempSync(join(tmpdir(), "mcquad-run-"));
    run(restartScript(before), { RUNTIME_DIRECTORY: runtime });
    expect(run(restartScript(after), { RUNTIME_DIRECTORY: runtime })).toMatchObject({
      status: 0,
      calls: [
        "systemctl --user daemon-reload",
        "systemctl --user stop sgardd.service",
        "systemctl --user try-restart --job-mode=ignore-dependencies mcns.service",
        "systemctl --user is-active --quiet mc-stage4.target",
        "systemctl --user start extra.service",
        "systemctl --user try-restart --job-mode=ignore-dependencies mcq.service",
      ],
    });
    // Recorded: the next switch compares with this one.
    expect(run(restartScript(after), { RUNTIME_DIRECTORY: runtime }).calls).toEqual(["systemctl --user daemon-reload"]);
  });

  it("goes on past a failed restart and fails at the end, so the switch reports it", () => {
    const runtime = mkdtempSync(join(tmpdir(), "mcquad-run-"));
    run(restartScript(before), { RUNTIME_DIRECTORY: runtime });
    const r = run(restartScript(after), { RUNTIME_DIRECTORY: runtime, FAIL_ON: "mcns.service" });
    expect(r.status).toBe(1);
    expect(r.calls.at(-1)).toBe("systemctl --user try-restart --job-mode=ignore-dependencies mcq.service");
    expect(existsSync(join(runtime, "units.new"))).toBe(false);
  });
});
