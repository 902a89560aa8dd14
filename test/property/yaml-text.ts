// Any JSON-like value → block YAML whose every string is JSON-quoted, so that any string at all can
// be written (JSON's escapes are YAML double-quoted escapes), and where each scalar starts: the
// position a located finding must point at.
export type Json = string | number | boolean | readonly Json[] | { readonly [key: string]: Json };
export type Path = readonly (string | number)[];

export interface YamlText {
  readonly text: string;
  /** 1-based line and column of the scalar at `path`, keyed by pathKey(path). */
  readonly positions: ReadonlyMap<string, { readonly line: number; readonly col: number }>;
}

export const pathKey = (path: Path): string => JSON.stringify(path);

/**
 * A YAML double-quoted scalar. Besides what JSON escapes, characters YAML does not allow raw
 * (C1 controls, U+FFFE/U+FFFF) and the ones some readers take for line or byte-order marks
 * (U+0085, U+2028, U+2029, U+FEFF) are escaped, so line numbers stay those of "\n".
 */
export const yamlString = (s: string): string =>
  JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export function toYaml(root: { readonly [key: string]: Json }): YamlText {
  const lines: string[] = [];
  const positions = new Map<string, { line: number; col: number }>();

  const scalar = (v: Json): string | undefined => {
    if (typeof v === "string") return yamlString(v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (Array.isArray(v) && v.length === 0) return "[]";
    if (!Array.isArray(v) && Object.keys(v).length === 0) return "{}";
    return undefined;
  };

  /** `lead` is what precedes the value on its line (`"key": ` or `- `). */
  const emit = (v: Json, indent: number, lead: string, path: Path): void => {
    const inline = scalar(v);
    const prefix = " ".repeat(indent) + lead;
    if (inline !== undefined) {
      positions.set(pathKey(path), { line: lines.length + 1, col: prefix.length + 1 });
      lines.push(prefix + inline);
      return;
    }
    if (lead !== "") lines.push(prefix.trimEnd());
    const inner = lead === "" ? indent : indent + 2;
    if (Array.isArray(v)) v.forEach((item: Json, i: number) => emit(item, inner, "- ", [...path, i]));
    else for (const [k, item] of Object.entries(v as Record<string, Json>)) emit(item, inner, `${yamlString(k)}: `, [...path, k]);
  };

  emit(root, 0, "", []);
  return { text: `${lines.join("\n")}\n`, positions };
}
