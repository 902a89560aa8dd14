// Ordering cycles among the units mcquad wrote. systemd-analyze reports a cycle only for the first
// start job it fails on, and not at all once a missing unit already failed that job, so the
// graph is searched too, with the same cycle search the compiler uses on the inventory.
import { findCycles } from "../graph/cycles.js";
import type { UnitGraph } from "./graph.js";

/** Each cycle as a loop `[a, b, …, a]` where each unit starts after the next one. */
export function findOrderingCycles(graph: UnitGraph, units: ReadonlySet<string>): string[][] {
  const edges = (u: string): string[] => [...(graph.get(u)?.after ?? [])].filter((v) => units.has(v));
  return findCycles([...units], edges);
}
