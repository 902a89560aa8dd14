// Reads what Podman's Quadlet generator prints on stderr and turns each complaint into a finding
// on the `.container` file and line it is about. Formats are those of Podman 5.4.2
// (pkg/systemd/quadlet, cmd/quadlet): one error per line, the first one prefixed
// `quadlet-generator[pid]: `, the rest joined under it.
import { keySince } from "../units/quadlet-keys.js";
import type { Finding } from "./report.js";
import { locate, type UnitIndex } from "./unit-lines.js";

export type QuadletMessage =
  | { kind: "parse"; file: string; line: number; text: string }
  | { kind: "unsupported-key"; file: string; key: string; group: string; text: string }
  | { kind: "convert"; file: string; text: string }
  | { kind: "warning"; file: string; text: string }
  | { kind: "other"; text: string };

const PREFIX = /^quadlet-generator\[\d+\]:\s*/;
const PARSE = /^error loading "([^"]*\/)?([^"/]+)", file contains line (\d+): (.*)$/;
const UNSUPPORTED = /^converting "([^"]+)": unsupported key '([^']+)' in group '([^']+)'/;
const CONVERT = /^converting "([^"]+)": (.*)$/;
const WARNING = /^Warning: (\S+?\.container)\b:? ?(.*)$/;
// Chatter, and the consequence of a parse error that is reported on its own.
const IGNORED = [/^Loading source unit file /, /^No files parsed from /];

export function parseQuadletStderr(stderr: string): QuadletMessage[] {
  const messages: QuadletMessage[] = [];
  for (const rawLine of stderr.split("\n")) {
    const text = rawLine.replace(PREFIX, "").trim();
    if (text === "" || IGNORED.some((re) => re.test(text))) continue;
    messages.push(classify(text));
  }
  return messages;
}

function classify(text: string): QuadletMessage {
  let m = PARSE.exec(text);
  if (m?.[2] !== undefined) return { kind: "parse", file: m[2], line: Number(m[3]), text: m[4] ?? text };
  m = UNSUPPORTED.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined && m[3] !== undefined) {
    return { kind: "unsupported-key", file: m[1], key: m[2], group: m[3], text };
  }
  m = CONVERT.exec(text);
  if (m?.[1] !== undefined) return { kind: "convert", file: m[1], text: m[2] ?? text };
  m = WARNING.exec(text);
  if (m?.[1] !== undefined) return { kind: "warning", file: m[1], text: m[2] ?? text };
  return { kind: "other", text };
}

export interface SourceFile {
  /** Path as reported (outDir joined with the name). */
  readonly path: string;
  readonly index: UnitIndex;
}

/** A finding for one message; `sources` maps `x.container` to its file in out/. */
export function toFinding(msg: QuadletMessage, sources: ReadonlyMap<string, SourceFile>, outDir: string): Finding {
  if (msg.kind === "other") return { severity: "warning", file: outDir, message: `quadlet: ${msg.text}` };
  const src = sources.get(msg.file);
  const at = (line: number | undefined): { file: string; line?: number } =>
    line === undefined ? { file: src?.path ?? msg.file } : { file: src?.path ?? msg.file, line };
  const service = msg.file.replace(/\.container$/, ".service");
  switch (msg.kind) {
    case "parse":
      return {
        severity: "error",
        ...at(msg.line),
        message: `${service}: Quadlet cannot parse this file (${msg.text}); it then reads no unit at all, so no container starts`,
        hint: "each line must be a [Section] header, a Key=value entry or a # comment (systemd.syntax(7))",
      };
    case "unsupported-key":
      return {
        severity: "error",
        ...at(src && locate(src.index, { section: msg.group, key: msg.key })),
        message: `${service}: Quadlet rejects key ${msg.key}= in [${msg.group}], so it skips the file and ${service} does not exist`,
        hint: unsupportedHint(msg.group, msg.key),
      };
    case "convert":
      return { severity: "error", ...at(src && lineOfMentionedKey(src.index, msg.text)), message: `${service}: Quadlet refuses this file (${msg.text}), so ${service} does not exist` };
    case "warning":
      return { severity: "warning", ...at(src && lineOfMentionedKey(src.index, msg.text)), message: `quadlet: ${msg.text}` };
  }
}

function unsupportedHint(group: string, key: string): string {
  const since = keySince(group, key);
  return since === undefined
    ? `${key}= is not a [${group}] key of podman-systemd.unit(5) (a typo, or a newer Podman's key?)`
    : `${key}= needs Podman ${since} or later (src/units/quadlet-keys.ts)`;
}

/** Line of the first [Container] key the message names ("no Image key", "RemapUsers option"). */
function lineOfMentionedKey(index: UnitIndex, text: string): number | undefined {
  const words = new Set(text.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []);
  // A message about the image ("specifies the image") names no key: map it to Image=.
  if (/\bimage\b/.test(text)) words.add("Image");
  const entry = index.entries.find((e) => e.section === "Container" && words.has(e.key));
  return entry?.line ?? index.sections.get("Container");
}
