// The dependency graph systemd will see: the services Quadlet generated, the stage targets of
// out/, and the [Install] links Quadlet wrote as `<unit>.requires/` and `<unit>.wants/` folders.
// Parsed with `ini` using { bracketedArray: false }, so repeated keys (After= twice) come back as
// arrays; each value may name several units separated by blanks (systemd.unit(5)).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { decode } from "ini";

export interface UnitNode {
  readonly name: string;
  /** Pull in other units when started: Requires=, Wants=, BindsTo=, Upholds=. */
  readonly pulls: Set<string>;
  /** Must be running first, so need an ordering: Requires=, Wants=, BindsTo=, Requisite=. */
  readonly needs: Set<string>;
  /** Units this one starts after: After=, the reverse of others' Before=, implicit orderings. */
  readonly after: Set<string>;
  readonly before: Set<string>;
  /** DefaultDependencies= of [Unit]; systemd's default is yes. */
  defaultDependencies: boolean;
}

export type UnitGraph = Map<string, UnitNode>;

const PULL_KEYS = ["Requires", "Wants", "BindsTo", "Upholds"];
const NEED_KEYS = ["Requires", "Wants", "BindsTo", "Requisite"];

export async function loadUnitGraph(dirs: readonly string[]): Promise<UnitGraph> {
  const graph: UnitGraph = new Map();
  for (const dir of dirs) {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort(byName)) {
      if (entry.isFile() && /\.(service|target)$/.test(entry.name)) {
        addUnit(graph, entry.name, await readFile(join(dir, entry.name), "utf8"));
      }
    }
  }
  for (const dir of dirs) await addInstallLinks(graph, dir);
  completeOrdering(graph);
  return graph;
}

export function nodeOf(graph: UnitGraph, name: string): UnitNode {
  let node = graph.get(name);
  if (node === undefined) {
    node = { name, pulls: new Set(), needs: new Set(), after: new Set(), before: new Set(), defaultDependencies: true };
    graph.set(name, node);
  }
  return node;
}

function addUnit(graph: UnitGraph, name: string, text: string): void {
  const unit = (decode(text, { bracketedArray: false }) as Record<string, Record<string, unknown>>)["Unit"] ?? {};
  const node = nodeOf(graph, name);
  for (const key of PULL_KEYS) unitList(unit[key]).forEach((u) => node.pulls.add(u));
  for (const key of NEED_KEYS) unitList(unit[key]).forEach((u) => node.needs.add(u));
  unitList(unit["After"]).forEach((u) => node.after.add(u));
  unitList(unit["Before"]).forEach((u) => node.before.add(u));
  const dd = unit["DefaultDependencies"];
  if (dd !== undefined) {
    node.defaultDependencies = !/^(no|false|0|off)$/i.test(String(lastOf(dd)));
  }
}

/** All unit names of a key, honouring systemd's rule that an empty assignment resets the list. */
function unitList(raw: unknown): string[] {
  if (raw === undefined) return [];
  let names: string[] = [];
  for (const value of Array.isArray(raw) ? raw : [raw]) {
    const text = String(value).trim();
    names = text === "" ? [] : [...names, ...text.split(/\s+/)];
  }
  return names;
}

function lastOf(raw: unknown): unknown {
  return Array.isArray(raw) ? raw[raw.length - 1] : raw;
}

// `systemctl enable` semantics, which Quadlet applies itself (podman-systemd.unit(5), "Enabling
// unit files"): a link x.target.requires/y.service means x.target Requires=y.service.
async function addInstallLinks(graph: UnitGraph, dir: string): Promise<void> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort(byName)) {
    const m = /^(.+)\.(requires|wants)$/.exec(entry.name);
    if (!entry.isDirectory() || m?.[1] === undefined) continue;
    const owner = nodeOf(graph, m[1]);
    for (const link of (await readdir(join(dir, entry.name))).sort()) {
      owner.pulls.add(link);
      owner.needs.add(link);
    }
  }
}

// Before= is After= seen from the other side. And systemd.target(5), "Default Dependencies":
// a target is ordered After= every unit it Wants=/Requires=, unless DefaultDependencies=no is
// set on the target or on that unit.
function completeOrdering(graph: UnitGraph): void {
  for (const node of [...graph.values()]) {
    for (const later of node.before) nodeOf(graph, later).after.add(node.name);
  }
  for (const node of [...graph.values()]) {
    if (!node.name.endsWith(".target") || !node.defaultDependencies) continue;
    for (const dep of node.needs) {
      if (graph.get(dep)?.defaultDependencies ?? true) node.after.add(dep);
    }
  }
}

/** Every unit `start` is ordered after, directly or through others. */
export function orderedAfter(graph: UnitGraph, start: string): Set<string> {
  return closure(graph, start, (n) => n.after);
}

/** Every unit starting `start` pulls in, directly or through others. */
export function pulledIn(graph: UnitGraph, start: string): Set<string> {
  return closure(graph, start, (n) => n.pulls);
}

function closure(graph: UnitGraph, start: string, next: (n: UnitNode) => Set<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const name = todo.pop() as string;
    for (const dep of graph.get(name) === undefined ? [] : next(graph.get(name) as UnitNode)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        todo.push(dep);
      }
    }
  }
  return seen;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
