// YAML syntax errors, located where the mistake begins. js-yaml (the fast path) stops at the
// first error, often where it gave up: an unterminated quote at the end of the file, an unknown
// tag at the value after it. So the text is parsed again with `yaml`, which reports every error,
// and its concrete syntax tree puts the two cases a parser cannot place at their start: the
// opening quote of a quoted value that never ends, and the tag itself.
import jsYaml from "js-yaml";
import type { CST } from "yaml";
import { type Finding, error } from "../report/finding.js";
import { positionAt } from "./locate.js";
import { yaml } from "./yaml-lazy.js";

/** Deeper than any inventory (six levels: services.NAME.health.http.port) by far, and far from a stack overflow. */
export const MAX_DEPTH = 32;

/** The tags of YAML 1.2's core schema: other spellings of what the inventory reads anyway. */
const coreTags = new Set(["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"]);

const syntax = (offset: number, text: string, message: string, hint: string): Finding => ({
  ...error([], `YAML syntax: ${message}`, hint),
  position: positionAt(text, offset),
});

/** Every syntax error in the text; `cause` is what js-yaml threw. */
export function syntaxFindings(text: string, cause: unknown): Finding[] {
  const mark = cause instanceof jsYaml.YAMLException ? cause.mark : undefined;
  const reason = cause instanceof jsYaml.YAMLException ? cause.reason : String(cause);
  // js-yaml marks an unknown alias after its name: point at its `*`.
  const at = reason.startsWith("unidentified alias") ? text.lastIndexOf("*", mark?.position ?? 0) : (mark?.position ?? 0);
  // Both parsers recurse per level: past the limit, parsing again would only overflow the stack.
  if (reason.startsWith("nesting exceeded maxDepth")) {
    return [syntax(at, text, `nested deeper than ${MAX_DEPTH} levels`, "an inventory is six levels deep at most: look for brackets that are never closed")];
  }
  const tokens = flowTokens(text);
  const findings = [...parserErrors(text, tokens), ...tagFindings(text, tokens)];
  return findings.length > 0 ? findings : [syntax(at, text, reason, "check the indentation and quoting at this position")];
}

interface Token {
  readonly type: string;
  readonly offset: number;
  readonly source: string;
}

function parserErrors(text: string, tokens: readonly Token[]): Finding[] {
  const doc = yaml().parseDocument(text, { uniqueKeys: true });
  return doc.errors.map((e) => {
    const message = (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "");
    const open = e.code === "MISSING_CHAR" && /quote/.test(message) ? unterminatedQuote(tokens, e.pos[0]) : undefined;
    if (open) return syntax(open.offset, text, `this ${open.source[0] === '"' ? "double" : "single"}-quoted value is never closed`, `add the closing ${open.source[0]} on this line, or escape a quote inside the value`);
    return syntax(e.pos[0], text, message, "check the indentation and quoting at this position");
  });
}

/** The last quoted scalar opened before `end` that has no closing quote. */
function unterminatedQuote(tokens: readonly Token[], end: number): Token | undefined {
  const closed = (t: Token) => (t.type === "double-quoted-scalar" ? /^"(?:[^"\\]|\\[\s\S])*"$/ : /^'(?:[^']|'')*'$/).test(t.source);
  return tokens.filter((t) => /quoted-scalar$/.test(t.type) && t.offset <= end && !closed(t)).pop();
}

/** js-yaml's core schema refuses every other tag; `yaml` resolves some (!!binary, !!set) and only warns on the rest. */
function tagFindings(text: string, tokens: readonly Token[]): Finding[] {
  return tokens
    .filter((t) => t.type === "tag" && !coreTags.has(t.source))
    .map((t) => syntax(t.offset, text, `tag ${t.source} is not used by the inventory`, "remove the tag: the inventory holds only plain strings, numbers, booleans, lists and mappings"));
}

/** The scalar and tag tokens of the concrete syntax tree, in document order. */
function flowTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 4 * MAX_DEPTH || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const n = node as Partial<Token>;
    if (typeof n.type === "string" && typeof n.offset === "number" && typeof n.source === "string" && /scalar$|^tag$/.test(n.type)) tokens.push(n as Token);
    for (const value of Object.values(node)) visit(value, depth + 1);
  };
  for (const token of new (yaml().Parser)().parse(text) as Iterable<CST.Token>) visit(token, 0);
  return tokens.sort((a, b) => a.offset - b.offset);
}
