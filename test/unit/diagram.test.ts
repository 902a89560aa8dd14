// The boot graph in Mermaid and DOT: one model, two renderings, the same stages and edges.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeInventory, type Model } from "../../src/analyze.js";
import { buildDiagram, type Diagram } from "../../src/diagram/diagram.js";
import { renderDot, renderMermaid } from "../../src/diagram/render.js";
import { fixtures } from "../helpers.js";

const model = analyzeInventory(readFileSync(join(fixtures, "small", "services.yaml"), "utf8")).model as Model;
const diagram = buildDiagram(model.inventory, model.graph, model.inventory.services);

describe("the diagram model", () => {
  it("has the stages in order, their services wave by wave, and an edge from each dependency to its dependent", () => {
    expect(diagram.clusters.map((c) => [c.id, c.nodes.map((n) => n.id)])).toEqual([
      ["demo-stage1", ["db", "registry"]],
      ["demo-stage2", ["web", "cron"]],
    ]);
    expect(diagram.edges).toEqual([
      { from: "db", to: "web", soft: false },
      { from: "registry", to: "web", soft: true },
      { from: "web", to: "cron", soft: false },
    ]);
  });
});

describe("Mermaid", () => {
  it("draws stages as subgraphs joined by thick arrows, requires solid, wants dotted", () => {
    expect(renderMermaid(diagram)).toEqual([
      "flowchart TB",
      '  subgraph stage_demo_stage1["Stage 1: demo-stage1.target (Base)"]',
      "    direction LR",
      '    svc_db["db"]',
      '    svc_registry["registry"]',
      "  end",
      '  subgraph stage_demo_stage2["Stage 2: demo-stage2.target (Apps)"]',
      "    direction LR",
      '    svc_web["web"]',
      '    svc_cron["cron"]',
      "  end",
      "  stage_demo_stage1 ==> stage_demo_stage2",
      "  svc_db --> svc_web",
      "  svc_registry -.-> svc_web",
      "  svc_web --> svc_cron",
    ]);
  });

  it("keeps ids unique and syntax-free, quotes labels, dashes pending services and fills empty stages", () => {
    const tricky: Diagram = {
      title: "t",
      clusters: [
        { id: "s.1", label: 'say "hi"', nodes: [{ id: "a-b", label: "a-b", pending: false }, { id: "a_b", label: "a_b", pending: false }, { id: "end", label: "end", pending: false }] },
        { id: "s2", label: "empty", nodes: [] },
        { id: "s3", label: "later", nodes: [{ id: "exo", label: "exo (pending)", pending: true }] },
      ],
      edges: [{ from: "a-b", to: "a_b", soft: false }],
    };
    const lines = renderMermaid(tricky);
    expect(lines).toContain('  subgraph stage_s_1["say #quot;hi#quot;"]');
    expect(lines).toContain('    svc_a_b["a-b"]');
    expect(lines).toContain('    svc_a_b_2["a_b"]');
    expect(lines).toContain('    svc_end["end"]');
    expect(lines).toContain("  svc_a_b --> svc_a_b_2");
    expect(lines).toContain('    stage_s2_empty["no services"]');
    expect(lines.slice(-2)).toEqual(["  classDef pending stroke-dasharray: 5 5", "  class svc_exo pending"]);
  });
});

describe("DOT", () => {
  it("draws stages as clusters, one bold arrow between consecutive stages, wants dashed", () => {
    const dot = renderDot(diagram);
    expect(dot[0]).toBe('digraph "Demo" {');
    expect(dot).toContain('  subgraph "cluster_demo-stage1" {');
    expect(dot).toContain('    label="Stage 1: demo-stage1.target (Base)";');
    expect(dot).toContain('  "db" -> "web" [ltail="cluster_demo-stage1", lhead="cluster_demo-stage2", style=bold];');
    expect(dot).toContain('  "db" -> "web";');
    expect(dot).toContain('  "registry" -> "web" [style=dashed];');
    expect(dot[dot.length - 1]).toBe("}");
  });

  it("escapes quotes and backslashes, and anchors an empty stage on an invisible node", () => {
    const dot = renderDot({ title: 'a "b" \\', clusters: [{ id: "x", label: "x", nodes: [] }, { id: "y", label: "y", nodes: [{ id: "n", label: "n", pending: true }] }], edges: [] });
    expect(dot[0]).toBe('digraph "a \\"b\\" \\\\" {');
    expect(dot).toContain('    "x (empty)" [style=invis, shape=point];');
    expect(dot).toContain('    "n" [label="n", style=dashed];');
    expect(dot).toContain('  "x (empty)" -> "n" [ltail="cluster_x", lhead="cluster_y", style=bold];');
  });
});
