// The module's shell scripts, run by bash as NixOS runs them (`set -e`), with stand-ins for
// systemctl and journalctl that record their arguments: the door's report of a stage that did not
// come up. (The apply script, which the module runs on switch, has its own tests: test/apply/.)
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

describe("the door's report", () => {
  let m: ModuleOutput;
  beforeAll(() => {
    m = moduleOf();
  });

  it("says nothing after a successful start", () => {
    const r = run(m.systemd.services["mc-stage2-start"].postStop, { SERVICE_RESULT: "success" });
    expect(r).toMatchObject({ status: 0, stdout: "", calls: [] });
  });

  it("names the stage, the failed user units and their last journal lines", () => {
    const r = run(m.systemd.services["mc-stage2-start"].postStop, { SERVICE_RESULT: "exit-code", FAILED_UNITS: "mcr-api.service loaded failed failed Metacircular mcr-api" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        "mc-stage2.target (stage 2 of 4: Core: routing, images, certificates) did not come up in the user manager of mcp: exit-code",
        "failed: mcr-api.service (loaded failed failed Metacircular mcr-api)",
        "journal --no-pager --lines=10 --user-unit=mcr-api.service",
        "",
      ].join("\n"),
    );
  });
});
