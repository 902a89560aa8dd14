// Positions for findings. Parsing with `yaml` and a LineCounter is the slow, located path: it
// runs only when there is something to report.
import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import type { Path } from "./model.js";
import { type Finding, error } from "../report/finding.js";

// Loaded on first use: most runs report nothing and never pay for this parser.
type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);

export interface Position {
  readonly line: number;
  readonly col: number;
}

export class Locator {
  private readonly counter = new (yaml().LineCounter)();
  private readonly doc: Document;

  constructor(text: string) {
    this.doc = yaml().parseDocument(text, { lineCounter: this.counter });
  }

  /** Where the value at `path` (or its key) starts; the nearest existing ancestor if absent. */
  locate(path: Path, atKey = false): Position {
    const { isMap, isScalar, isSeq } = yaml();
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const [i, part] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        offset = (last && atKey ? rangeStart(pair.key) : rangeStart(pair.value) ?? rangeStart(pair.key)) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number" && node.items[part] !== undefined) {
        node = node.items[part];
        offset = rangeStart(node) ?? offset;
      } else break;
    }
    return this.counter.linePos(offset);
  }
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

/** Every YAML syntax error in the text, with the parser's own position. */
export function syntaxFindings(text: string): Finding[] {
  const counter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const problems = doc.errors.length > 0 ? doc.errors : [{ message: "not valid YAML", pos: [0, 0] as [number, number] }];
  return problems.map((e) => ({
    ...error([], `YAML syntax: ${(e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "")}`, "check the indentation and quoting at this position"),
    position: counter.linePos(e.pos[0]),
  }));
}
