// A problem found in the inventory, located by its path in the document. Positions (line and
// column) are looked up only when a finding is printed: the fast path never needs them.
import type { Path } from "../inventory/model.js";

export type Severity = "error" | "warning";

export interface Finding {
  readonly severity: Severity;
  readonly path: Path;
  readonly message: string;
  readonly hint?: string;
  /** Point at the key of the last path element rather than its value (unknown keys). */
  readonly atKey?: boolean;
  /** A position the parser already knows (YAML syntax errors), 1-based. */
  readonly position?: { readonly line: number; readonly col: number };
}

export const error = (path: Path, message: string, hint?: string): Finding =>
  hint === undefined ? { severity: "error", path, message } : { severity: "error", path, message, hint };

export const warning = (path: Path, message: string, hint?: string): Finding =>
  hint === undefined ? { severity: "warning", path, message } : { severity: "warning", path, message, hint };

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === "error");

/** `services.mcr-web.requires[0]`; keys that are not plain names are quoted. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[a-zA-Z0-9_-]+$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || "(document)";
}

/** Plain code-unit order, never locale-dependent (deterministic output). */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
