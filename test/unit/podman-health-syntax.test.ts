// mcquad refuses a health command that podman would read as its own syntax (`none`, `CMD ...`,
// JSON) rather than the shell command it is (src/units/quote.ts, isPodmanHealthSyntax). That
// reason is podman's, so it is held to podman's own reading: what podman 5.4.2 made of each value
// in the e2e's guest (`podman create --health-cmd`, then `podman inspect`), recorded in
// test/fixtures/podman/health-cmd.json, which the e2e (scenarios/readers.sh) checks is still
// what podman says. A shell command is read as ["CMD-SHELL", value].
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { healthCommandProblem, isPodmanHealthSyntax } from "../../src/units/quote.js";
import { repo } from "../helpers.js";

interface Reading { readonly value: string; readonly podman: unknown }
const { readings } = JSON.parse(readFileSync(join(repo, "test", "fixtures", "podman", "health-cmd.json"), "utf8")) as { readings: Reading[] };
const asShell = (r: Reading) => JSON.stringify(r.podman) === JSON.stringify(["CMD-SHELL", r.value]);

describe("podman's own reading of --health-cmd (recorded in the guest)", () => {
  it("has podman's answer for every value, both kinds among them", () => {
    expect(readings.filter((r) => r.podman === undefined)).toEqual([]);
    expect(readings.some(asShell)).toBe(true);
    expect(readings.some((r) => !asShell(r))).toBe(true);
  });

  it.each(readings.map((r) => [r.value, r] as const))("%j: refused as podman's syntax exactly when podman does not read it as sh", (_v, r) => {
    expect({ podman: r.podman, refused: isPodmanHealthSyntax(r.value) }).toEqual({ podman: r.podman, refused: !asShell(r) });
    if (!asShell(r)) expect(healthCommandProblem(r.value)).toMatch(/podman reads this --health-cmd as its own syntax/);
  });
});
