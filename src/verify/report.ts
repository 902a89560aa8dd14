// The result of `verifyOutput`: findings located in the files of out/, so the CLI can print
// `out/x.container:12: message` and exit 1 on any error.

export type Severity = "error" | "warning";

export interface Finding {
  readonly severity: Severity;
  /** Path of the file in out/ the finding is about (outDir joined with the file name). */
  readonly file: string;
  /** 1-based line in that file, when one can be named. */
  readonly line?: number;
  readonly message: string;
  readonly hint?: string;
}

export interface VerifyReport {
  readonly findings: readonly Finding[];
  /** Versions of the tools that did the checking, e.g. { quadlet: '5.4.2', systemd: '257', systemdFrom: 'trixie' }. */
  readonly tools: Readonly<Record<string, string>>;
  /** Files looked at: `.container` and `.target` names in out/. */
  readonly checked: readonly string[];
  readonly durationMs: number;
}

export function hasErrors(report: VerifyReport): boolean {
  return report.findings.some((f) => f.severity === "error");
}

/**
 * `out/x.container:12: message`, warnings labelled, plus a `hint:` line: the shape of the
 * inventory's findings (src/report/format.ts), minus the column, which unit files do not need.
 */
export function formatFinding(f: Finding): string {
  const where = f.line === undefined ? f.file : `${f.file}:${f.line}`;
  const head = `${where}: ${f.severity === "warning" ? "warning: " : ""}${f.message}`;
  return f.hint === undefined ? head : `${head}\n  hint: ${f.hint}`;
}

/** Drops exact repeats (tools repeat themselves) and sorts by file, line, then message. */
export function normaliseFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const id = `${f.severity}\0${f.file}\0${f.line ?? ""}\0${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique.sort(
    (a, b) =>
      cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.message, b.message),
  );
}

// Plain code-unit order, not localeCompare: the same on every machine (STYLE: deterministic).
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
