// YAML that would exhaust time or stack: refused fast, at the place that causes it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeInventory } from "../../src/analyze.js";
import { locateFindings } from "../../src/report/format.js";
import { fixtures } from "../helpers.js";

const small = readFileSync(join(fixtures, "small", "services.yaml"), "utf8");

/** A billion laughs: each line repeats the anchor before it ten times. */
function laughs(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(",")}]`);
  return `${lines.join("\n")}\n`;
}

const timed = <T>(run: () => T): { value: T; ms: number } => {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
};

describe("alias expansion", () => {
  it("a billion laughs is refused well under a second, at an alias line", () => {
    const text = laughs(9);
    const { value, ms } = timed(() => analyzeInventory(text));
    expect(ms).toBeLessThan(500);
    const [finding, ...rest] = locateFindings(value.findings, text);
    expect(rest).toEqual([]);
    expect(finding?.message).toMatch(/^YAML aliases expand the inventory to more than [\d,]+ values/);
    expect(text.split("\n")[(finding?.line ?? 0) - 1]?.slice((finding?.col ?? 0) - 1)).toMatch(/^\*a\d/);
  });

  it("aliases a real inventory uses are accepted", () => {
    const text = small.replace("services:\n", "x-shared: &probe { tcp: { port: 80 } }\nservices:\n");
    const withAlias = analyzeInventory(text);
    // The anchor's key is unknown (that is all): no expansion finding.
    expect(withAlias.findings.filter((f) => f.message.startsWith("YAML aliases"))).toEqual([]);
  });
});

describe("nesting", () => {
  it.each([40, 100_000])("%i unclosed brackets are refused cleanly, at the level past the limit", (depth) => {
    const text = `version: 1\nservices: ${"[".repeat(depth)}\n`;
    const { value, ms } = timed(() => analyzeInventory(text));
    expect(ms).toBeLessThan(1000);
    const located = locateFindings(value.findings, text);
    expect(located.map((f) => [f.line, f.message])).toEqual([[2, "YAML syntax: nested deeper than 32 levels"]]);
  });
});
