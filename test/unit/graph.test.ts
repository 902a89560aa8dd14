// The boot graph, table-driven: cycles, waves, ordering, derived pull policy and timeouts.
import { describe, expect, it } from "vitest";
import { findCycles } from "../../src/graph/cycles.js";
import { analyzeInventory } from "../../src/analyze.js";
import { startsAfter } from "../../src/graph/graph.js";
import { effectivePull, effectiveStartTimeout } from "../../src/graph/policy.js";

describe("findCycles", () => {
  const edgesOf = (edges: Record<string, string[]>) => (n: string) => edges[n] ?? [];
  it.each([
    [{ a: ["b"], b: [] }, []],
    [{ a: ["a"] }, [["a", "a"]]],
    [{ a: ["b"], b: ["a"] }, [["a", "b", "a"]]],
    [{ c: ["a"], a: ["b"], b: ["c"] }, [["a", "b", "c", "a"]]],
    [{ a: ["b", "c"], b: ["a"], c: ["a"] }, [["a", "b", "a"], ["a", "c", "a"]]],
    [{ x: ["y"], y: ["z"], z: [], w: ["x"] }, []],
  ] as [Record<string, string[]>, string[][]][])("%j → %j", (edges, cycles) => {
    expect(findCycles(Object.keys(edges), edgesOf(edges))).toEqual(cycles);
  });
});

/** A tiny inventory: `deps` maps each service to [stage, requires, wants]. */
function model(deps: Record<string, [number, string[], string[]?]>) {
  const services = Object.entries(deps)
    .map(([name, [stage, requires, wants = []]]) => `  ${name}: { stage: ${stage}, image: "${name}:v1", pull: never, requires: [${requires}], wants: [${wants}], health: { tcp: { port: 1 } } }`)
    .join("\n");
  const text = `version: 1\nplatform: { user: u, uid: 1000, gid: 1000, home: /h }\nhosts: { h: {} }\nstages: [{ name: s1, description: a }, { name: s2, description: b }, { name: s3, description: c }]\nservices:\n${services}\n`;
  const analysis = analyzeInventory(text);
  if (!analysis.model) throw new Error(JSON.stringify(analysis.findings));
  return { ...analysis.model, findings: analysis.findings };
}

describe("waves", () => {
  it.each([
    [{ a: [1, []], b: [1, []] }, [[["a", "b"]], [], []]],
    [{ a: [1, []], b: [1, ["a"]], c: [1, ["b"]], d: [1, ["a"]] }, [[["a"], ["b", "d"], ["c"]], [], []]],
    [{ a: [1, []], b: [2, ["a"]], c: [2, []], d: [3, [], ["b"]] }, [[["a"]], [["b", "c"]], [["d"]]]],
  ] as [Record<string, [number, string[], string[]?]>, string[][][]][])("%j", (deps, waves) => {
    const { graph } = model(deps);
    expect(graph.waves.map((stage) => stage.map((w) => w.map((s) => s.name)))).toEqual(waves);
    expect(graph.order.map((s) => s.name)).toEqual(waves.flat(2));
  });
});

describe("startsAfter", () => {
  const { graph } = model({ a: [1, []], b: [1, ["a"]], c: [1, [], ["b"]], d: [2, []], e: [1, []] });
  const s = (n: string) => graph.byName.get(n)!;
  it.each([
    ["b", "a", true],
    ["c", "a", true], // through a soft dependency on b
    ["a", "b", false],
    ["d", "e", true], // a later stage
    ["e", "a", false],
    ["a", "a", false],
  ])("%s after %s: %s", (later, earlier, expected) => {
    expect(startsAfter(graph, s(later), s(earlier))).toBe(expected);
  });
});

describe("derived policies", () => {
  const text = (pull: string, timeout: string) => `version: 1
platform: { user: u, uid: 1000, gid: 1000, home: /h }
registry: { prefix: r.example, served_by: [reg] }
hosts: { h: {} }
stages: [{ name: s1, description: a }, { name: s2, description: b }]
services:
  reg: { stage: 1, image: "reg:v1", pull: never, health: { tcp: { port: 1 }, interval: 10s, timeout: 5s, retries: 3, start_period: 10s } }
  app: { stage: 2, image: "app:v1" ${pull}, health: { tcp: { port: 1 }, interval: 10s, timeout: 5s, retries: 3, start_period: 10s } ${timeout} }
  other: { stage: 1, image: "docker.io/x/other:v1", health: { tcp: { port: 1 } } }
`;
  it.each([
    ["", "", "app", "missing", 45 + 30 + 120],
    [", pull: never", "", "app", "never", 45 + 30],
    ["", ", start_timeout: 5m", "app", "missing", 300],
    ["", "", "reg", "never", 45 + 30],
    // Not from the platform registry: its pulls do not wait for it.
    ["", "", "other", "missing", 3 * 30 + 30 + 30 + 120],
  ])("pull%s%s: %s pulls %s, times out after %is", (pull, timeout, name, expectedPull, expectedTimeout) => {
    const { model } = analyzeInventory(text(pull, timeout));
    const service = model!.graph.byName.get(name)!;
    expect(effectivePull(model!.inventory, model!.graph, service)).toBe(expectedPull);
    expect(effectiveStartTimeout(model!.inventory, model!.graph, service)).toBe(expectedTimeout);
  });
});
