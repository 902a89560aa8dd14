// The boot graph as a picture-neutral model: one cluster per stage (in stage order, its services
// wave by wave), an edge from each dependency to its dependent. Mermaid (runbook, `mcquad graph`)
// and DOT (`mcquad graph --format dot`, `--svg`) render the same model, so they cannot disagree.
import type { Inventory, Service } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import { stageTargetName } from "../units/naming.js";

export interface DiagramNode {
  /** A service name, or a pending name: unique in the diagram. */
  readonly id: string;
  readonly label: string;
  /** Named by a stage without a definition: drawn dashed, with no unit behind it. */
  readonly pending: boolean;
}

export interface DiagramCluster {
  readonly id: string;
  readonly label: string;
  readonly nodes: readonly DiagramNode[];
}

export interface DiagramEdge {
  /** The dependency, which is up first. */
  readonly from: string;
  readonly to: string;
  /** wants: ordering only; requires otherwise. */
  readonly soft: boolean;
}

export interface Diagram {
  readonly title: string;
  /** In stage order; each stage requires and follows the one before it. */
  readonly clusters: readonly DiagramCluster[];
  readonly edges: readonly DiagramEdge[];
}

/** `services`: the ones to draw (one host's, or all); edges to others are left out. */
export function buildDiagram(inventory: Inventory, graph: ServiceGraph, services: readonly Service[]): Diagram {
  const included = new Set(services.map((s) => s.name));
  const multiHost = new Set(services.map((s) => s.host)).size > 1;
  const clusters = inventory.stages.map((stage, i): DiagramCluster => {
    const members = (graph.waves[i] ?? []).flat().filter((s) => included.has(s.name));
    return {
      id: stage.name,
      label: `Stage ${stage.index}: ${stageTargetName(stage)} (${stage.description})`,
      nodes: [
        ...members.map((s) => ({ id: s.name, label: multiHost ? `${s.name} @ ${s.host}` : s.name, pending: false })),
        ...stage.pending.map((p) => ({ id: p.name, label: `${p.name} (pending)`, pending: true })),
      ],
    };
  });
  const edges = graph.order
    .filter((s) => included.has(s.name))
    .flatMap((s) => (graph.deps.get(s.name) ?? []).filter((d) => included.has(d.name)).map((d) => ({ from: d.name, to: s.name, soft: !d.hard })));
  return { title: inventory.platform.name, clusters, edges };
}
