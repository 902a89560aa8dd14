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

export function compileTemplate(source: string): Template {
  return Handlebars.compile<UnitView>(source, { noEscape: true, strict: true });
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
  return `${text.replace(/\r\n?/g, "\n").replace(/[ \t]+$/gm, "").replace(/\n+$/, "")}\n`;
}
