// zod issues → findings with a path, a plain message and a hint (did-you-mean for keys and
// choices). The schema itself is walked to know which keys an object accepts.
import type { z } from "zod";
import { inventorySchema, NAME_RULE } from "./schema.js";
import { type Finding, error } from "../report/finding.js";
import { suggest } from "../report/suggest.js";
import type { Path } from "./model.js";

type Issue = z.core.$ZodIssue;

/** Names become file and unit names: `NAME.container`, `NAME.target`, a host's folder. */
const NAME_HINT = "it becomes a file and unit name: write it like mcr-web, app-stage1 or rift";

export function schemaFindings(issues: readonly Issue[]): Finding[] {
  return issues.flatMap(toFindings);
}

function toFindings(issue: Issue): Finding[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => ({
        ...error([...path, key], `unknown key "${key}"`, suggest(key, known) ?? (known.length ? `expected one of: ${known.join(", ")}` : undefined)),
        atKey: true,
      }));
    }
    case "invalid_type":
      if (issue.input === undefined) {
        const key = path[path.length - 1];
        return [error(path.slice(0, -1), `missing required key "${String(key)}"`, `add ${String(key)}: (${issue.expected})`)];
      }
      return [error(path, `expected ${article(issue.expected)}, got ${describe(issue.input)}`)];
    case "invalid_value": {
      const choices = issue.values.map((v) => String(v));
      const hint = suggest(String(issue.input), choices) ?? `expected one of: ${choices.join(", ")}`;
      return [error(path, `${JSON.stringify(issue.input)} is not allowed here`, hint)];
    }
    case "invalid_key": {
      const rule = issue.issues[0]?.message ?? issue.message;
      return [{ ...error([...path], `invalid name: ${rule}`, rule === NAME_RULE ? NAME_HINT : undefined), atKey: true }];
    }
    case "invalid_element":
      return [error(path, issue.message)];
    case "custom":
      return [error(path, issue.message, typeof issue.params?.["hint"] === "string" ? issue.params["hint"] : undefined)];
    default:
      return [error(path, issue.message.replace(/^Invalid (string|input): /, ""), issue.message === NAME_RULE ? NAME_HINT : undefined)];
  }
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The keys the schema accepts for the object at `path`, for did-you-mean. */
export function knownKeysAt(path: Path): string[] {
  let node: unknown = inventorySchema;
  for (const part of path) node = child(unwrap(node), part);
  const shape = objectShape(unwrap(node));
  return shape ? Object.keys(shape).sort() : [];
}

interface Def {
  type?: string;
  innerType?: unknown;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  shape?: Record<string, unknown>;
  in?: unknown;
}
const def = (node: unknown): Def => ((node as { _zod?: { def?: Def } })?._zod?.def ?? {});

function unwrap(node: unknown): unknown {
  let d = def(node);
  while (d.innerType !== undefined || d.type === "pipe") {
    node = d.innerType ?? d.in;
    d = def(node);
  }
  return node;
}

function child(node: unknown, part: string | number): unknown {
  const d = def(node);
  if (d.type === "array") return d.element;
  if (d.type === "record") return d.valueType;
  return objectShape(node)?.[String(part)];
}

function objectShape(node: unknown): Record<string, unknown> | undefined {
  const d = def(node);
  if (d.type === "object") return d.shape;
  if (d.type === "union") return d.options?.map((o) => objectShape(unwrap(o))).find((s) => s !== undefined);
  return undefined;
}
