// Unit model → file text. Handlebars compiled with noEscape (it would turn `=` into `&#x3D;`) and
// strict (a missing field is an error, not an empty string). The template only prints; this file
// turns the model into lines; neither knows anything about Quadlet.
import Handlebars from "handlebars";
import type { UnitFile } from "../units/model.js";

export type Template = (view: UnitView) => string;

export interface UnitView {
  readonly header: readonly string[];
  readonly sections: readonly { readonly name: string; readonly lines: readonly string[] }[];
}

/** Units use UnitView; other documents (the runbook) pass their own view type. */
export function compileTemplate<V = UnitView>(source: string): (view: V) => string {
  return Handlebars.compile<V>(source, { noEscape: true, strict: true });
}

/** A template precompiled with Handlebars.precompile and the same options (see scripts/bundle.mjs). */
export function templateFromSpec<V>(spec: Parameters<typeof Handlebars.template>[0]): (view: V) => string {
  return Handlebars.template<V>(spec);
}

export function renderUnit(unit: UnitFile, template: Template): string {
  const view: UnitView = {
    header: unit.header.map(comment),
    sections: unit.sections.map((s) => ({
      name: s.name,
      lines: [...(s.comments ?? []).map(comment), ...s.entries.map((e) => `${e.key}=${e.value}`)],
    })),
  };
  return normalizeText(template(view));
}

const comment = (line: string): string => (line ? `# ${line}` : "#");

/** LF line endings, no trailing spaces, exactly one final newline. */
export function normalizeText(text: string): string {
  // Line by line, not with /$/m: that also matches before U+2028 and U+2029, which values may hold.
  // Most texts need no line-by-line pass at all (a large runbook is hundreds of thousands of lines).
  const lf = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const trimmed = hasTrailingBlank(lf) ? lf.split("\n").map((line) => line.replace(/[ \t]+$/, "")).join("\n") : lf;
  // By hand: /\n+$/ tries a match at every line break of the text, and these texts are long.
  let end = trimmed.length;
  while (end > 0 && trimmed.charCodeAt(end - 1) === 10) end--;
  return `${trimmed.slice(0, end)}\n`;
}

/** A space or tab before a line break or at the very end: what /[ \t](\n|$)/ finds, by plain searches. */
const hasTrailingBlank = (text: string): boolean => text.includes(" \n") || text.includes("\t\n") || text.endsWith(" ") || text.endsWith("\t");
