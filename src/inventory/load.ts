// Inventory text → schema-checked raw inventory, or every problem found. The fast path parses
// with js-yaml (an order of magnitude faster than `yaml` on large inventories), bounded in depth
// and alias expansion (./parse.ts); only when the text is not valid YAML is it parsed again with
// `yaml`, which reports every syntax error at once (./syntax.ts).
import type { z } from "zod";
import { inventorySchema, type RawInventory } from "./schema.js";
import { schemaFindings } from "./schema-findings.js";
import { parseYaml } from "./parse.js";
import { type Finding, error } from "../report/finding.js";
import type { Path } from "./model.js";

type Issue = z.core.$ZodIssue;

export interface LoadResult {
  readonly findings: Finding[];
  /**
   * The schema-checked inventory, also when it had problems that could be set aside (unknown keys
   * dropped, broken services left out), so that later rules still report theirs in the same run.
   */
  readonly raw?: RawInventory;
  /** Services left out of `raw` for their own errors: still valid dependency names. */
  readonly omitted: ReadonlySet<string>;
}

/**
 * zod's own checks, not the ones it compiles: for each object schema it first writes a checking
 * function as source text and compiles it with `new Function`, which V8's code cache cannot keep.
 * On the real inventory that compilation was about a tenth of a run; on 10,000 services the
 * compiled checks saved some 40 ms of a check taking seconds (bench/).
 */
const interpreted = { jitless: true } as const;

export function loadInventory(text: string): LoadResult {
  const parsed = parseYaml(text);
  if (parsed.findings) return { findings: parsed.findings, omitted: new Set() };
  const data = parsed.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { findings: [error([], "the inventory must be a mapping with version, platform, hosts, stages and services")], omitted: new Set() };
  }
  const findings = controlCharacterFindings(data);
  const checked = inventorySchema.safeParse(data, { reportInput: true, ...interpreted });
  if (checked.success) return { findings, raw: checked.data, omitted: new Set() };
  findings.push(...schemaFindings(checked.error.issues));
  return { findings, ...setAside(data as Record<string, unknown>, checked.error.issues) };
}

/**
 * A second attempt without what the schema refused: unknown keys are dropped, and a service with
 * any other problem is left out. If the rest then passes, the caller can still check it.
 */
function setAside(data: Record<string, unknown>, issues: readonly Issue[]): { raw?: RawInventory; omitted: ReadonlySet<string> } {
  const copy = structuredClone(data);
  const omitted = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) removeAt(copy, [...path, key]);
    else if (path[0] === "services" && typeof path[1] === "string") omitted.add(path[1]);
  }
  for (const name of omitted) removeAt(copy, ["services", name]);
  const again = inventorySchema.safeParse(copy, interpreted);
  return again.success ? { raw: again.data, omitted } : { omitted };
}

function removeAt(root: unknown, path: Path): void {
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], root);
  if (parent !== null && typeof parent === "object") delete (parent as Record<string | number, unknown>)[path[path.length - 1] as string];
}

// Newlines and other control characters would end a unit-file line early and smuggle in keys of
// the attacker's choosing (systemd.syntax(7): one assignment per line). Refused everywhere.
const control = /[\u0000-\u001f\u007f]/;

/** One path, extended and shortened in place as the walk goes: copied only for a finding. */
function controlCharacterFindings(value: unknown, path: (string | number)[] = [], into: Finding[] = []): Finding[] {
  if (typeof value === "string") {
    if (control.test(value)) into.push(controlFinding([...path], value));
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      controlCharacterFindings(value[i], path, into);
      path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      path.push(k);
      if (control.test(k)) into.push({ ...controlFinding([...path], k), atKey: true });
      else controlCharacterFindings(v, path, into);
      path.pop();
    }
  }
  return into;
}

function controlFinding(path: Path, text: string): Finding {
  const code = text.codePointAt(text.search(control)) ?? 0;
  const what = code === 10 ? "a newline" : code === 9 ? "a tab" : `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return error(path, `value contains ${what}, which cannot be written safely into a unit file`, "use a single line of printable characters (a folded YAML scalar `>-` joins lines with spaces)");
}
