// Inventory text → schema-checked raw inventory, or every problem found. The fast path parses
// with js-yaml (an order of magnitude faster than `yaml` on large inventories); only when the
// text is not valid YAML is it parsed again with `yaml`, which reports every syntax error at once
// with its position.
import jsYaml from "js-yaml";
import { inventorySchema, type RawInventory } from "./schema.js";
import { schemaFindings } from "./schema-findings.js";
import { syntaxFindings } from "./locate.js";
import { type Finding, error } from "../report/finding.js";
import type { Path } from "./model.js";

export type LoadResult = { ok: true; raw: RawInventory } | { ok: false; findings: Finding[] };

export function loadInventory(text: string): LoadResult {
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return { ok: false, findings: syntaxFindings(text) };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, findings: [error([], "the inventory must be a mapping with version, platform, hosts, stages and services")] };
  }
  const findings = controlCharacterFindings(data, []);
  const parsed = inventorySchema.safeParse(data);
  if (!parsed.success) findings.push(...schemaFindings(parsed.error.issues));
  return findings.length > 0 ? { ok: false, findings } : { ok: true, raw: parsed.data as RawInventory };
}

// Newlines and other control characters would end a unit-file line early and smuggle in keys of
// the attacker's choosing (systemd.syntax(7): one assignment per line). Refused everywhere.
const control = /[\u0000-\u001f\u007f]/;

function controlCharacterFindings(value: unknown, path: Path): Finding[] {
  if (typeof value === "string") {
    return control.test(value) ? [controlFinding(path, value)] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharacterFindings(v, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      control.test(k) ? [{ ...controlFinding([...path, k], k), atKey: true }] : controlCharacterFindings(v, [...path, k]),
    );
  }
  return [];
}

function controlFinding(path: Path, text: string): Finding {
  const code = text.codePointAt(text.search(control)) ?? 0;
  const what = code === 10 ? "a newline" : code === 9 ? "a tab" : `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return error(path, `value contains ${what}, which cannot be written safely into a unit file`, "use a single line of printable characters (a folded YAML scalar `>-` joins lines with spaces)");
}
