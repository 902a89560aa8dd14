// The importer's warnings as a person reads them: located ones as every mcquad finding is
// (`runbook.md:37:1: warning: …`, the line, a caret, a hint), document-wide ones by file only.
import { formatFindings, summary, type Style } from "../report/format.js";
import type { Finding } from "../report/finding.js";

export function formatImportFindings(findings: readonly Finding[], text: string, source: string, style: Style): string {
  const located = findings.filter((f) => f.position !== undefined);
  const general = findings
    .filter((f) => f.position === undefined)
    .map((f) => `${style.bold(`${source}:`)} ${style.yellow("warning: ")}${f.message}${f.hint ? `\n  hint: ${f.hint}` : ""}`);
  // Every located finding has its position: formatFindings never parses the source as YAML.
  const parts = [...general, ...(located.length ? [formatFindings(located, text, source, style)] : [])];
  return `${parts.join("\n")}\n${summary(findings)}\n`;
}
