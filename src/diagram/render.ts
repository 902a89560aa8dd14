// The boot graph rendered: as a Mermaid flowchart (https://mermaid.js.org/syntax/flowchart.html)
// for the runbook and `mcquad graph`, and in Graphviz's DOT language
// (https://graphviz.org/doc/info/lang.html) for `graph --format dot` and `--svg`. Both draw stages
// as clusters joined by thick arrows, requires as solid arrows, wants as dashed or dotted ones.
import type { Diagram, DiagramCluster } from "./diagram.js";

// Mermaid node ids are derived from names, since Mermaid reads `-`, `.` and words such as `end`
// as syntax; the names themselves are shown as quoted labels.
export function renderMermaid(diagram: Diagram): string[] {
  const id = mermaidIds([...diagram.clusters.map((c) => `stage ${c.id}`), ...diagram.clusters.flatMap((c) => c.nodes.map((n) => n.id))]);
  const lines = ["flowchart TB"];
  for (const cluster of diagram.clusters) {
    lines.push(`  subgraph ${id(`stage ${cluster.id}`)}[${label(cluster.label)}]`, "    direction LR");
    for (const node of cluster.nodes) lines.push(`    ${id(node.id)}[${label(node.label)}]`);
    if (cluster.nodes.length === 0) lines.push(`    ${id(`stage ${cluster.id}`)}_empty[${label("no services")}]`);
    lines.push("  end");
  }
  diagram.clusters.slice(1).forEach((c, i) => lines.push(`  ${id(`stage ${(diagram.clusters[i] as DiagramCluster).id}`)} ==> ${id(`stage ${c.id}`)}`));
  for (const e of diagram.edges) lines.push(`  ${id(e.from)} ${e.soft ? "-.->" : "-->"} ${id(e.to)}`);
  const pending = diagram.clusters.flatMap((c) => c.nodes.filter((n) => n.pending).map((n) => id(n.id)));
  if (pending.length > 0) lines.push("  classDef pending stroke-dasharray: 5 5", `  class ${pending.join(",")} pending`);
  return lines;
}

/** `"` ends a quoted label; Mermaid's entity code keeps it. */
const label = (text: string): string => `"${text.replace(/"/g, "#quot;")}"`;

/** Deterministic, unique ids: letters, digits and `_` only, never a bare keyword. */
function mermaidIds(keys: readonly string[]): (key: string) => string {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const base = key.startsWith("stage ") ? `stage_${sanitize(key.slice(6))}` : `svc_${sanitize(key)}`;
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}_${n}`;
    used.add(candidate);
    ids.set(key, candidate);
  }
  return (key) => ids.get(key) ?? `svc_${sanitize(key)}`;
}

const sanitize = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, "_");

// DOT joins consecutive clusters with one arrow (compound=true with ltail/lhead), which needs a
// node on each side: an invisible one for a stage with no services.
export function renderDot(diagram: Diagram): string[] {
  const lines = [`digraph ${quote(diagram.title)} {`, "  compound=true;", "  rankdir=TB;", '  node [shape=box, fontname="sans-serif"];', '  graph [fontname="sans-serif"];'];
  for (const cluster of diagram.clusters) {
    lines.push(`  subgraph ${quote(`cluster_${cluster.id}`)} {`, `    label=${quote(cluster.label)};`);
    for (const node of cluster.nodes) lines.push(`    ${quote(node.id)} [label=${quote(node.label)}${node.pending ? ", style=dashed" : ""}];`);
    if (cluster.nodes.length === 0) lines.push(`    ${quote(anchor(cluster))} [style=invis, shape=point];`);
    lines.push("  }");
  }
  diagram.clusters.slice(1).forEach((c, i) => {
    const previous = diagram.clusters[i] as DiagramCluster;
    lines.push(`  ${quote(anchor(previous))} -> ${quote(anchor(c))} [ltail=${quote(`cluster_${previous.id}`)}, lhead=${quote(`cluster_${c.id}`)}, style=bold];`);
  });
  for (const e of diagram.edges) lines.push(`  ${quote(e.from)} -> ${quote(e.to)}${e.soft ? " [style=dashed]" : ""};`);
  lines.push("}");
  return lines;
}

/** The node a stage-to-stage arrow starts or ends at. */
const anchor = (c: DiagramCluster): string => c.nodes[0]?.id ?? `${c.id} (empty)`;

/** A DOT double-quoted string: only `"` and `\` need escaping. */
const quote = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
