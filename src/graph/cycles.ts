// Cycles in a directed graph, found by depth-first search in sorted order so the same graph always
// reports the same cycles, each once, starting from its smallest name.
import { byCodeUnit } from "../report/finding.js";

export function findCycles(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const cycles = new Map<string, string[]>();
  const visit = (node: string): void => {
    state.set(node, "active");
    stack.push(node);
    for (const next of [...edges(node)].sort(byCodeUnit)) {
      if (state.get(next) === "active") record(stack.slice(stack.indexOf(next)), cycles);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...nodes].sort(byCodeUnit)) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}

function record(members: string[], cycles: Map<string, string[]>): void {
  const start = members.indexOf([...members].sort(byCodeUnit)[0] as string);
  const rotated = [...members.slice(start), ...members.slice(0, start)];
  const key = rotated.join("\0");
  if (!cycles.has(key)) cycles.set(key, [...rotated, rotated[0] as string]);
}
