// A value → YAML text with comments where the operator must look. The `yaml` package's Document
// API places them (js-yaml cannot write comments); it is loaded on first use
// (src/inventory/yaml-lazy.ts), so the other commands never pay for it.
import type { Document, Node } from "yaml";
import { yaml } from "../inventory/yaml-lazy.js";

export type YamlPath = readonly (string | number)[];

export interface YamlComment {
  readonly path: YamlPath;
  readonly text: string;
  /** After the value on its line (scalars and empty lists); otherwise on the lines before the key. */
  readonly inline?: boolean;
}

export interface YamlText {
  readonly header: readonly string[];
  readonly value: unknown;
  readonly comments: readonly YamlComment[];
  /** Keys (or list items) preceded by a blank line. */
  readonly spaced: readonly YamlPath[];
}

export function renderYaml({ header, value, comments, spaced }: YamlText): string {
  const doc = new (yaml().Document)(value);
  doc.commentBefore = asComment(header);
  for (const c of comments) {
    const found = c.inline ? doc.getIn(c.path, true) : keyNode(doc, c.path);
    if (!yaml().isNode(found)) throw new Error(`no YAML node at ${c.path.join(".")}`);
    const node: Node = found;
    // An empty list keeps its comment on its own line only in flow style: `listens: [] # …`.
    if (c.inline && yaml().isCollection(node)) node.flow = true;
    if (c.inline) node.comment = asComment([c.text]);
    else node.commentBefore = [node.commentBefore, asComment(c.text.split("\n"))].filter(Boolean).join("\n");
  }
  for (const path of spaced) {
    const node = keyNode(doc, path);
    if (node) node.spaceBefore = true;
  }
  quoteAmbiguous(doc);
  return doc.toString({ lineWidth: 0 });
}

/** The node a comment before `path` belongs to: the key of a mapping entry, or a list item. */
function keyNode(doc: Document, path: YamlPath): Node | undefined {
  const { isMap, isSeq, isScalar, isNode } = yaml();
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isSeq(parent)) {
    const item = parent.items[last as number];
    return isNode(item) ? item : undefined;
  }
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
  return isNode(pair?.key) ? pair.key : undefined;
}

const asComment = (lines: readonly string[]): string => lines.map((l) => (l === "" ? "" : ` ${l}`)).join("\n");

/**
 * Strings a YAML 1.1 reader would take for a boolean or a base-60 number (`no`, `0:0`) are
 * quoted, so every tool reads the inventory as mcquad does.
 */
function quoteAmbiguous(doc: Document): void {
  const { visit } = yaml();
  const yaml11 = /^(y|yes|n|no|on|off)$/i;
  const base60 = /^[-+]?\d[\d_]*(:[0-5]?\d)+(\.[\d_]*)?$/;
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && (yaml11.test(node.value) || base60.test(node.value))) node.type = "QUOTE_DOUBLE";
    },
  });
}
