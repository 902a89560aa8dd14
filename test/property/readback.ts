// What systemd (and podman, for --health-cmd) will make of the lines Quadlet wrote, for the
// properties to compare with what the inventory asked for. ExecStart= is read with
// src/podman/systemd-words.ts (systemd.service(5)); what that reader cannot see is checked here.
import { splitSystemdWords } from "../../src/podman/systemd-words.js";
import { parseRunCommand, type ContainerSpec } from "../../src/podman/run-command.js";
import { isPodmanHealthSyntax } from "../../src/units/quote.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repo } from "../helpers.js";
import type { GeneratedService } from "./quadlet.js";

/** The container the service's ExecStart= starts, and the paths its mounts are required for. */
export interface ReadBack {
  readonly spec: ContainerSpec;
  readonly healthCmd: readonly string[];
  readonly mountsFor: readonly string[];
  /** Why systemd would not run this ExecStart= as the reader read it; empty when it would. */
  readonly unreadable: readonly string[];
}

export function readBack(service: GeneratedService): ReadBack {
  const [line = "", ...more] = service.values("ExecStart");
  const argv = splitSystemdWords(line);
  const spec = parseRunCommand(argv);
  return {
    spec,
    healthCmd: spec.other.filter((o) => o.startsWith("--health-cmd=")).map((o) => asPodmanReads(o.slice("--health-cmd=".length))),
    // Quadlet adds %t/containers itself (podman's runtime folder).
    mountsFor: service.values("RequiresMountsFor").filter((v) => v !== "%t/containers").flatMap(readMountsFor),
    unreadable: [...(more.length ? ["more than one ExecStart="] : []), ...utf8Problems(line), ...readerBlindSpots(line, argv)],
  };
}

/**
 * What podman makes of a --health-cmd value: its reading recorded in the e2e's guest
 * (test/fixtures/podman/health-cmd.json: `podman create`, then `podman inspect`) when the value is
 * one it was asked about; otherwise the rule src/units/quote.ts refuses by, which
 * test/unit/podman-health-syntax.test.ts holds to those readings. A value podman does not read as
 * ["CMD-SHELL", value] is marked, so that it never equals the shell command that was asked for.
 */
const PODMAN_READS = new Map<string, boolean>((JSON.parse(readFileSync(join(repo, "test", "fixtures", "podman", "health-cmd.json"), "utf8")) as {
  readings: { value: string; podman: unknown }[];
}).readings.map((r) => [r.value, JSON.stringify(r.podman) === JSON.stringify(["CMD-SHELL", r.value])]));
/** The values podman was asked about: the property draws them too, so that they are tested. */
export const podmanAskedAbout: readonly string[] = [...PODMAN_READS.keys()];
const asPodmanReads = (command: string): string =>
  (PODMAN_READS.get(command) ?? !isPodmanHealthSyntax(command)) ? command : `(podman's own syntax, not sh) ${command}`;

/**
 * systemd refuses a whole assignment whose text is not "UTF-8 clean" (src/basic/utf8.c,
 * unichar_is_valid): seen with systemd-analyze verify, `String is not UTF-8 clean, ignoring
 * assignment: ExecStart=...`, and the unit then fails to load. Non-characters (U+FDD0–U+FDEF
 * and U+xFFFE/U+xFFFF of every plane) are valid Unicode scalars to JS and Go, not to systemd.
 */
export function utf8Problems(text: string): string[] {
  const bad = [...text].filter((c) => {
    const cp = c.codePointAt(0) as number;
    return (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
  });
  return bad.map((c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase()} is not UTF-8 clean to systemd`);
}

/**
 * Two things splitSystemdWords reads differently from systemd:
 * - a bare `;` word separates two command lines (systemd.service(5)); the reader keeps it as a
 *   word like the escaped `\;`. Quadlet never escapes `;`, so in its output any `;` word is bare.
 * - `\xNN` and `\NNN` escapes above 0x7f are single bytes to systemd (src/basic/escape.c), not
 *   the code point U+00NN the reader makes of them: the container would get invalid UTF-8.
 */
function readerBlindSpots(line: string, argv: readonly string[]): string[] {
  const found: string[] = argv.slice(1).includes(";") ? ["a bare ; splits the command line"] : [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== "\\") continue;
    const hex = /^x([0-9a-fA-F]{2})/.exec(line.slice(i + 1, i + 4));
    const oct = /^[0-7]{3}/.exec(line.slice(i + 1, i + 4));
    const byte = hex ? parseInt(hex[1] as string, 16) : oct ? parseInt(oct[0], 8) : 0;
    if (byte > 0x7f) found.push(`${line.slice(i, i + 4)} is a raw byte to systemd`);
    i++;
  }
  return found;
}

/**
 * RequiresMountsFor= as systemd reads it: "a space-separated list of absolute paths"
 * (systemd.unit(5)) with specifiers; quotes and backslashes are syntax there (systemd-analyze
 * verify: `Invalid syntax, ignoring`), `$` is not ($$ stays $$); each path is simplified, and a
 * path with `..` is ignored ("not normalized"). An unreadable value is returned marked as such.
 */
export function readMountsFor(value: string): string[] {
  if (/["'\\]/.test(value) || utf8Problems(value).length > 0) return [`(ignored by systemd) ${value}`];
  return value
    .split(/[ \t]+/)
    .filter((w) => w !== "")
    .map((w) => simplifyPath(w.replace(/%%/g, "%")))
    .map((p) => (p.split("/").includes("..") ? `(not normalized, ignored by systemd) ${p}` : p));
}

/** systemd's path_simplify(): no empty or `.` components, no trailing slash. */
export const simplifyPath = (path: string): string => `/${path.split("/").filter((c) => c !== "" && c !== ".").join("/")}`;
