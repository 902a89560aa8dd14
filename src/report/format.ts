// Findings → the text a person reads: `file:line:col: path: message`, the offending line with a
// caret under the column, and a hint. Sorted by position so the report reads top to bottom.
import { Locator, type Position } from "../inventory/locate.js";
import { type Finding, formatPath } from "./finding.js";

export interface Style {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain = (s: string): string => s;
export const noColor: Style = { red: plain, yellow: plain, dim: plain, bold: plain };
const sgr = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const ansiColor: Style = { red: sgr("31"), yellow: sgr("33"), dim: sgr("2"), bold: sgr("1") };

export interface LocatedFinding extends Finding {
  readonly line: number;
  readonly col: number;
}

/** Positions for every finding; the document is parsed (slowly, with positions) only here. */
export function locateFindings(findings: readonly Finding[], text: string): LocatedFinding[] {
  let locator: Locator | undefined;
  const at = (f: Finding): Position => f.position ?? (locator ??= new Locator(text)).locate(f.path, f.atKey);
  return findings
    .map((f) => ({ ...f, ...at(f) }))
    .sort((a, b) => a.line - b.line || a.col - b.col || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

export function formatFindings(findings: readonly Finding[], text: string, source: string, style: Style = noColor): string {
  const lines = text.split(/\r?\n/);
  return locateFindings(findings, text)
    .map((f) => formatOne(f, lines, source, style))
    .join("\n");
}

function formatOne(f: LocatedFinding, lines: readonly string[], source: string, style: Style): string {
  const where = f.path.length > 0 ? `${formatPath(f.path)}: ` : "";
  const label = f.severity === "warning" ? style.yellow("warning: ") : "";
  const head = `${style.bold(`${source}:${f.line}:${f.col}:`)} ${where}${label}${f.severity === "error" ? style.red(f.message) : f.message}`;
  const excerpt = lines[f.line - 1];
  const gutter = String(f.line).length;
  const out = [head];
  if (excerpt !== undefined && excerpt.trim() !== "") {
    out.push(style.dim(`${String(f.line).padStart(gutter + 2)} | `) + excerpt);
    out.push(style.dim(`${" ".repeat(gutter + 2)} | `) + " ".repeat(Math.max(0, f.col - 1)) + style.red("^"));
  }
  if (f.hint) out.push(`  hint: ${f.hint}`);
  return out.join("\n");
}

export function summary(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
