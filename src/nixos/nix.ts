// A small model of the Nix expressions the NixOS module needs, and its printer. Values are
// built in TypeScript and printed here with Nix's quoting rules (nix manual, "String
// literals"), so the template only lays out lines. Nothing here knows about NixOS.

/** A raw expression, printed as written: `pkgs.systemd`, `lib.mkDefault 850`. */
export interface NixCode {
  readonly code: string;
}

/** A string; `code` parts are interpolated (`${…}`), text parts are escaped. */
export interface NixString {
  readonly parts: readonly (string | NixCode)[];
}

export interface NixAttr {
  /** An attribute path: `["users", "users", "mcp"]` prints `users.users.mcp`. */
  readonly path: readonly string[];
  readonly value: NixValue;
  /** Comment lines printed above the attribute, without `# `. */
  readonly comments?: readonly string[];
}

export type NixValue = number | boolean | NixCode | NixString | readonly NixValue[] | { readonly attrs: readonly NixAttr[] };

export const code = (text: string): NixCode => ({ code: text });
export const str = (...parts: (string | NixCode)[]): NixString => ({ parts });
export const attrs = (...list: NixAttr[]): { attrs: NixAttr[] } => ({ attrs: list });
export const attr = (path: string | readonly string[], value: NixValue, comments?: readonly string[]): NixAttr =>
  comments?.length ? { path: typeof path === "string" ? [path] : path, value, comments } : { path: typeof path === "string" ? [path] : path, value };
/** A list of strings, the most common list in a module. */
export const strings = (values: readonly string[]): NixString[] => values.map((v) => str(v));

const keywords = new Set(["assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"]);

/** An attribute name: bare when Nix reads it as an identifier, quoted otherwise (`"user@850"`). */
export function attrName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) && !keywords.has(name) ? name : quoteString(str(name));
}

/** A one-line `"…"` string: `\`, `"` and `${` escaped, control characters as escapes. */
export function quoteString(s: NixString): string {
  const body = s.parts
    .map((p) => (typeof p === "string" ? p.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\$\{/g, "\\${").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t") : `\${${p.code}}`))
    .join("");
  return `"${body}"`;
}

/**
 * The lines of a `''…''` string, or undefined when the text cannot be one faithfully: Nix strips
 * the indentation common to all lines, and the output writer strips trailing white space.
 */
function indentedLines(s: NixString): string[] | undefined {
  const text = s.parts.map((p) => (typeof p === "string" ? p.replace(/''/g, "'''").replace(/\$\{/g, "''${") : `\${${p.code}}`)).join("");
  if (!text.endsWith("\n") || /[\t\r]|[ ]\n/.test(text)) return undefined;
  const lines = text.slice(0, -1).split("\n");
  if (!lines.some((l) => l !== "" && !l.startsWith(" "))) return undefined;
  return lines;
}

const isString = (v: NixValue): v is NixString => typeof v === "object" && "parts" in v;
const isCode = (v: NixValue): v is NixCode => typeof v === "object" && "code" in v;
const isAttrs = (v: NixValue): v is { attrs: readonly NixAttr[] } => typeof v === "object" && "attrs" in v;
const width = 100;

/** The value on one line, or undefined when it does not fit or holds a multi-line string. */
function inline(v: NixValue): string | undefined {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (isCode(v)) return v.code;
  if (isString(v)) return v.parts.some((p) => typeof p === "string" && p.includes("\n")) ? undefined : quoteString(v);
  const parts = isAttrs(v) ? v.attrs.map((a) => (a.comments ? undefined : inlineAttr(a))) : (v as readonly NixValue[]).map(listItem);
  if (parts.some((p) => p === undefined)) return undefined;
  const text = isAttrs(v) ? (parts.length ? `{ ${parts.join(" ")} }` : "{ }") : parts.length ? `[ ${parts.join(" ")} ]` : "[ ]";
  return text.length <= width ? text : undefined;
}

function inlineAttr(a: NixAttr): string | undefined {
  const value = inline(a.value);
  return value === undefined ? undefined : `${a.path.map(attrName).join(".")} = ${value};`;
}

/** A list item that is a function application needs parentheses: `[ (lib.mkDefault 1) ]`. */
function listItem(v: NixValue): string | undefined {
  const text = inline(v);
  return text !== undefined && isCode(v) && /\s/.test(text) ? `(${text})` : text;
}

/** Comment lines at the given indentation, each paragraph wrapped at word boundaries. */
export function printComments(paragraphs: readonly string[], indent: string): string[] {
  return paragraphs.flatMap((p) => {
    const lines: string[] = [];
    for (const word of p.split(" ")) {
      const last = lines.at(-1);
      if (last !== undefined && `${indent}# ${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    return lines.map((l) => (l ? `${indent}# ${l}` : `${indent}#`));
  });
}

/** `path = value;` as lines at the given indentation, comments first. */
export function printAttr(a: NixAttr, indent: string): string[] {
  const comments = printComments(a.comments ?? [], indent);
  const head = `${indent}${a.path.map(attrName).join(".")} = `;
  return [...comments, ...wrap(head, printValue(a.value, indent, width - head.length - 1), ";")];
}

/** The first line continues `head`; `tail` ends the last line. */
function wrap(head: string, lines: readonly string[], tail: string): string[] {
  const out = lines.map((l, i) => (i === 0 ? `${head}${l}` : l));
  out[out.length - 1] = `${out.at(-1) ?? head}${tail}`;
  return out;
}

/** A value as lines, on one line when it fits; the first line continues the current one. */
function printValue(v: NixValue, indent: string, room: number): string[] {
  const one = inline(v);
  if (one !== undefined && one.length <= room) return [one];
  const inner = `${indent}  `;
  if (isString(v)) {
    const lines = indentedLines(v);
    return lines ? ["''", ...lines.map((l) => (l ? `${inner}${l}` : "")), `${indent}''`] : [quoteString(v)];
  }
  if (isAttrs(v)) return ["{", ...v.attrs.flatMap((a) => printAttr(a, inner)), `${indent}}`];
  if (Array.isArray(v)) return ["[", ...(v as readonly NixValue[]).flatMap((item) => printItem(item, inner)), `${indent}]`];
  return [one ?? ""];
}

function printItem(v: NixValue, indent: string): string[] {
  const one = listItem(v);
  if (one !== undefined && indent.length + one.length <= width) return [`${indent}${one}`];
  return wrap(indent, printValue(v, indent, 0), "");
}
