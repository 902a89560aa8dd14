// The run counts and seeds of the properties: CI runs far more, and a failure can be replayed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEV_RUNS, propertyOptions } from "./runs.js";

describe("property runs", () => {
  it("are many times more in CI than in development", () => {
    for (const name of Object.keys(DEV_RUNS) as (keyof typeof DEV_RUNS)[]) {
      expect(propertyOptions(name, { CI: "true" }).numRuns).toBe(DEV_RUNS[name] * 20);
      expect(propertyOptions(name, {}).numRuns).toBe(DEV_RUNS[name]);
    }
    expect(propertyOptions("services", { MCQUAD_PROPERTY_RUNS: "3" }).numRuns).toBe(30);
  });

  it("a failure reports its seed and the shrunk counterexample, and the seed replays it", () => {
    const options = propertyOptions("values", { MCQUAD_PROPERTY_SEED: "42" });
    expect(options.seed).toBe(42);
    // Fails on half the numbers: fast-check shrinks whichever it finds to the smallest, 500.
    const failing = fc.property(fc.integer({ min: 0, max: 1000 }), (n) => { expect(n).toBeLessThan(500); });
    const report = (() => { try { fc.assert(failing, options); return ""; } catch (e) { return (e as Error).message; } })();
    expect(report).toMatch(/seed: 42, path: "[\d:]+"/);
    expect(report).toMatch(/Counterexample: \[500\]/);
    const path = /path: "([\d:]+)"/.exec(report)?.[1];
    expect(() => fc.assert(failing, { seed: 42, path, numRuns: 1 })).toThrow(/Counterexample: \[500\]/);
  });
});
