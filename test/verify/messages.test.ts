// The parsers of Quadlet's and systemd-analyze's messages, on text the tools really printed
// (Quadlet 5.4.2, systemd 252) and on systemd 257's wording, without running either tool.
import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAnalyzeOutput, type AnalyzeContext } from "../../src/verify/analyze-messages.js";
import { parseQuadletStderr, toFinding } from "../../src/verify/quadlet-messages.js";
import { UnitSources } from "../../src/verify/sources.js";
import { indexUnit } from "../../src/verify/unit-lines.js";
import { goodFixture } from "./podman.js";

let sources: UnitSources;
beforeAll(async () => {
  sources = await UnitSources.load(goodFixture, readdirSync(goodFixture).sort());
});

describe("Quadlet's stderr", () => {
  const stderr = [
    "quadlet-generator[10559]: Loading source unit file /tmp/x/mcq.container",
    "quadlet-generator[10559]: Warning: mcq.container specifies the image \"x\" which not a fully qualified image name.",
    "quadlet-generator[10559]: converting \"mcns.container\": no Image or Rootfs key specified",
    "converting \"mcr-web.container\": unsupported key 'HealthCmd' in group 'Container' in /tmp/x/mcr-web.container",
    "quadlet-generator[1]: error loading \"/tmp/x/mcr-api.container\", file contains line 3: “garbage” which is not a key-value pair, group, or comment",
    "quadlet-generator[1]: No files parsed from [/tmp/x]",
  ].join("\n");

  it("classifies each line and drops the chatter", () => {
    expect(parseQuadletStderr(stderr).map((m) => m.kind)).toEqual(["warning", "convert", "unsupported-key", "parse"]);
  });

  it("points each message at its file and line in out/", () => {
    const [warning, convert, key, parse] = parseQuadletStderr(stderr).map((m) => toFinding(m, sources.containers(), "out"));
    expect(warning).toMatchObject({ severity: "warning", file: `${goodFixture}/mcq.container`, line: 10 });
    expect(convert).toMatchObject({ severity: "error", line: 8, message: expect.stringMatching(/^mcns\.service: Quadlet refuses/) });
    expect(key).toMatchObject({ severity: "error", line: 15, hint: expect.stringMatching(/needs Podman 4\.5/) });
    expect(parse).toMatchObject({ severity: "error", file: `${goodFixture}/mcr-api.container`, line: 3 });
  });
});

describe("systemd-analyze's output", () => {
  const generated = "/gen/mcq.service";
  const ctx = (): AnalyzeContext => ({
    sources,
    files: new Map([[generated, indexUnit("[Unit]\nDescription=x\n\n[Service]\nRestartSec=10s\n")]]),
    standIns: new Set(["/tmp/mcquad-verify-1a2b/bin/podman"]),
  });

  it("maps a file:line message, in systemd 252's and 257's wording, to the .container line", () => {
    for (const text of ["Unknown key 'RestartSec' in section [Service], ignoring.", "Unknown key name 'RestartSec' in section 'Service', ignoring."]) {
      const [f] = parseAnalyzeOutput(`${generated}:5: ${text}`, ctx());
      expect(f).toMatchObject({ severity: "error", file: `${goodFixture}/mcq.container`, line: 25, message: expect.stringMatching(/^mcq\.service: systemd: Unknown key/) });
    }
  });

  it("reports a cycle once, however many start jobs hit it", () => {
    const block = (a: string, b: string): string =>
      [`${a}: Found ordering cycle on ${b}/start`, `${a}: Found dependency on ${a}/start`, `${a}: Unable to break cycle starting with ${a}/start`,
        "Requested transaction contains an unfixable cyclic ordering dependency: Transaction order is cyclic. See system logs for details.",
        `mc-stage2.target: Failed to create mc-stage2.target/start: Transaction order is cyclic. See system logs for details.`].join("\n");
    const findings = parseAnalyzeOutput(`${block("mcr-web.service", "mcr-api.service")}\n${block("mcr-api.service", "mcr-web.service")}`, ctx());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: `${goodFixture}/mcr-web.container`, line: 6, message: "ordering cycle: mcr-web.service after mcr-api.service after mcr-web.service; systemd cannot start these units" });
  });

  it("reports a missing unit once, where it is named, and ignores the stand-in podman", () => {
    const out = [
      "mcr-web.service: Failed to create mcr-web.service/start: Unit mcr-api.service not found.",
      "mc-stage2.target: Failed to create mc-stage2.target/start: Unit mcr-api.service not found.",
      "mcq.service: Command /tmp/mcquad-verify-1a2b/bin/podman is not executable: No such file or directory",
    ].join("\n");
    const findings = parseAnalyzeOutput(out, ctx());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: `${goodFixture}/mcr-web.container`, line: 5, hint: expect.stringMatching(/Quadlet did not generate it/) });
  });
});
