// The boot graph read by the programs that consume it, and compared with services.yaml (read
// here with js-yaml, not through mcquad): Debian trixie's Graphviz renders the DOT without a
// warning, and Mermaid's own parser (mermaid 11, in jsdom: it sanitises labels with DOMPurify,
// which needs a DOM) accepts the runbook's graph. Each reader also rejects a broken graph, so
// its verdict is not a formality.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repo } from "./helpers.js";
import { FETCH_TIMEOUT_MS, graphvizDot } from "./verify/podman.js";

interface Raw { stages: { name: string; pending?: { name: string }[] }[]; services: Record<string, { stage: number; requires?: string[]; wants?: string[] }> }
const inv = yaml.load(readFileSync(join(repo, "services.yaml"), "utf8")) as Raw;
const inStage = (i: number) => Object.entries(inv.services).filter(([, s]) => s.stage === i + 1).map(([n]) => n);
const pendingOf = (i: number) => (inv.stages[i]!.pending ?? []).map((p) => p.name);
const dependencyEdges = Object.entries(inv.services).flatMap(([n, s]) => [...(s.requires ?? []), ...(s.wants ?? [])].map((d) => `${d}->${n}`)).sort();
const mcquad = (args: string[], env = process.env) => spawnSync(process.execPath, [join(repo, "bin", "mcquad.js"), ...args], { cwd: repo, encoding: "utf8", env });

describe("Graphviz renders the DOT", () => {
  let dot = "";
  const scratch = mkdtempSync(join(tmpdir(), "mcquad-graphviz-"));
  beforeAll(() => { dot = graphvizDot(); }, FETCH_TIMEOUT_MS);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const render = (text: string) => spawnSync(dot, ["-Tsvg"], { input: text, encoding: "utf8" });
  const titles = (svg: string) => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!.replace(/&#45;/g, "-").replace(/&gt;/g, ">"));

  it("without a warning, every stage a cluster, every service a node, every dependency an edge", () => {
    const text = mcquad(["graph", "--format", "dot"]).stdout;
    const r = render(text);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const seen = titles(r.stdout);
    expect(seen.filter((t) => t.startsWith("cluster_"))).toEqual(inv.stages.map((s) => `cluster_${s.name}`));
    const nodes = inv.stages.flatMap((_, i) => [...inStage(i), ...pendingOf(i)]);
    expect(seen.filter((t) => !t.includes("->") && !t.startsWith("cluster_") && t !== "Metacircular").sort()).toEqual(nodes.sort());
    // Edges between clusters (compound=true, lhead/ltail) stand for "stage N before stage N+1".
    expect(seen.filter((t) => t.includes("->"))).toEqual(expect.arrayContaining(dependencyEdges));
    expect(r.stdout).toMatch(/^<svg /m);
  });

  it("rejects a broken DOT: the check can fail", () => {
    const r = render(mcquad(["graph", "--format", "dot"]).stdout.replace(/\}\s*$/, ""));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/syntax error/);
  });

  it("is what `mcquad graph --svg` runs", () => {
    const file = join(scratch, "boot.svg");
    const r = mcquad(["graph", "--svg", file], { ...process.env, PATH: `${dirname(dot)}:${process.env["PATH"] ?? ""}` });
    expect(r.status).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/<title>mcr&#45;api&#45;&gt;mcr&#45;web<\/title>/);
  });
});

interface FlowDb { getVertices(): Map<string, { text?: string }>; getEdges(): { start: string; end: string }[]; getSubGraphs(): { id: string; title: string; nodes: string[] }[] }
interface Mermaid { parse(text: string): Promise<unknown>; mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: unknown }> } }

describe("Mermaid's parser accepts the runbook's graph", () => {
  let mermaid: Mermaid;
  let graph = "";
  beforeAll(async () => {
    // jsdom ships no types; only its constructor and window are used.
    const jsdom = "jsdom";
    const { JSDOM } = (await import(jsdom)) as { JSDOM: new (html: string) => { window: { document: unknown } } };
    const { window } = new JSDOM("");
    Object.assign(globalThis, { window, document: window.document });
    mermaid = (await import("mermaid")).default as unknown as Mermaid;
    const runbook = readFileSync(join(repo, "out", "RUNBOOK.md"), "utf8");
    graph = /```mermaid\n([\s\S]*?)```/.exec(runbook)?.[1] ?? "";
  }, 60_000);

  it("as a flowchart whose stages, services and dependencies are the inventory's", async () => {
    expect(await mermaid.parse(graph)).toMatchObject({ diagramType: "flowchart-v2" });
    const db = (await mermaid.mermaidAPI.getDiagramFromText(graph)).db as FlowDb;
    const label = (id: string) => db.getVertices().get(id)?.text ?? id;
    const stages = db.getSubGraphs();
    expect(stages.map((s) => s.title.split(":")[0])).toEqual(inv.stages.map((_, i) => `Stage ${i + 1}`));
    stages.forEach((s, i) => {
      expect(s.title).toContain(`${inv.stages[i]!.name}.target`);
      expect(s.nodes.map(label).sort()).toEqual([...inStage(i), ...pendingOf(i).map((p) => `${p} (pending)`)].sort());
    });
    const edges = db.getEdges().map((e) => `${label(e.start)}->${label(e.end)}`);
    expect(edges).toEqual(expect.arrayContaining(dependencyEdges));
  });

  it("rejects a broken graph: the check can fail", async () => {
    await expect(mermaid.parse(graph.replace("end\n", "enx\n"))).rejects.toThrow(/Parse error/);
  });
});
