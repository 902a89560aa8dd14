// Inventory text → plain data, with js-yaml's core schema, bounded. js-yaml shares an aliased
// node instead of copying it, so a few lines of nested aliases parse instantly into a value that
// every later walk (the schema, the checks) would visit billions of times. That expansion is
// measured here, over the shared nodes, before anything walks the value.
import jsYaml from "js-yaml";
import { type Finding, error } from "../report/finding.js";
import { MAX_DEPTH, syntaxFindings } from "./syntax.js";
import { positionAt, skipInsignificant } from "./locate.js";

export type Parsed = { readonly data: unknown; readonly findings?: undefined } | { readonly findings: Finding[] };

/**
 * Values the document may expand to through aliases: far more than any real inventory, whose
 * text has more characters than it has values (the 10,000-service benchmark: 3 MB, 0.4 million).
 */
export const expansionLimit = (text: string): number => 100_000 + text.length;

export function parseYaml(text: string): Parsed {
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as jsYaml.LoadOptions);
  } catch (e) {
    return { findings: syntaxFindings(text, e) };
  }
  // Without an alias (`*name`) no node is shared and the value is no larger than the text.
  if (!text.includes("*")) return { data };
  const limit = expansionLimit(text);
  return expandedSize(data, new Map(), limit) <= limit ? { data } : { findings: [expansionFinding(text, limit)] };
}

/** Values below and including `node`, counted as often as aliases repeat them, capped past `limit`. */
function expandedSize(node: unknown, sizes: Map<object, number>, limit: number): number {
  if (node === null || typeof node !== "object") return 1;
  const known = sizes.get(node);
  if (known !== undefined) return known;
  sizes.set(node, limit + 1); // a node inside itself (js-yaml builds none) counts as too large
  let size = 1;
  for (const child of Object.values(node)) {
    size += expandedSize(child, sizes, limit);
    if (size > limit) break;
  }
  sizes.set(node, Math.min(size, limit + 1));
  return size;
}

/** At the alias that repeats the most: a second parse, now listening for where each alias is. */
function expansionFinding(text: string, limit: number): Finding {
  const opened: number[] = [];
  const aliases: { offset: number; node: object }[] = [];
  jsYaml.load(text, {
    schema: jsYaml.CORE_SCHEMA,
    listener(event, state) {
      if (event === "open") return void opened.push(state.position);
      const offset = opened.pop() ?? 0;
      // An alias node has no kind of its own (js-yaml's readAlias sets only the result).
      if (state.kind === null && state.result !== null && typeof state.result === "object") aliases.push({ offset, node: state.result as object });
    },
  });
  const sizes = new Map<object, number>();
  let worst = { offset: 0, size: -1 };
  for (const { offset, node } of aliases) {
    const size = expandedSize(node, sizes, limit);
    if (size > worst.size) worst = { offset, size };
  }
  const at = skipInsignificant(text, worst.offset);
  const alias = /^\*[^\s,[\]{}]+/.exec(text.slice(at))?.[0] ?? "an alias";
  return {
    ...error([], `YAML aliases expand the inventory to more than ${limit.toLocaleString("en-US")} values, far beyond what its text holds; ${alias} repeats the most`, "write repeated values out, or set what every service shares once under defaults:"),
    position: positionAt(text, at),
  };
}
