// Quoting values for Quadlet .container files, so that the container receives exactly the
// intended strings. Every value below ends up in the ExecStart= line Quadlet writes, where
// systemd expands specifiers (`%`, systemd.unit(5) "Specifiers") and environment variables
// (`$`, systemd.service(5) "Command lines"): both are doubled to stay literal.
//
// How Quadlet 5.4 reads each key (checked against the real generator, see test/quote):
// - Exec=, Environment=, Label=: split into words with systemd's quoting rules; a word may be
//   double-quoted with \" and \\ escapes. An empty word ends the list, and a lone `;` word
//   survives into ExecStart= where systemd reads it as a command separator: both are refused.
// - HealthCmd=: taken raw, except that every `"` at either end is stripped (Go's strings.Trim).
// - Volume=, PublishPort= and the other single values: taken raw.
// In every case, surrounding white space is trimmed and a trailing `\` continues the line.

const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

const escapeSpecifiers = (s: string): string => (s.includes("%") || s.includes("$") ? s.replace(/[%$]/g, (c) => c + c) : s);

/** One word of Exec=/Environment=/Label=: bare when it can be, double-quoted otherwise. */
export function quoteWord(word: string): string {
  const body = plainWord.test(word) ? word : `"${word.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return escapeSpecifiers(body);
}

export const quoteWords = (words: readonly string[]): string => words.map(quoteWord).join(" ");

/** A value Quadlet copies as it is (Volume=, PublishPort=, Image=, ...). */
export const quoteRaw = (value: string): string => escapeSpecifiers(value);

/** HealthCmd=: taken raw by Quadlet (see healthCommandProblem for what it cannot carry). */
export const quoteHealthCmd = (command: string): string => escapeSpecifiers(command);

/** A [Unit] text value such as Description=: only specifiers are expanded there. */
export const quoteText = (value: string): string => value.replace(/%/g, "%%");

/** Why a string cannot pass through Exec= as one argument, or undefined when it can. */
export function wordProblem(word: string): string | undefined {
  if (word === "") return "an empty argument cannot be passed through Quadlet's Exec= (it ends the argument list)";
  if (word === ";") return "a lone `;` would become a command separator in systemd's ExecStart=";
  return undefined;
}

// Quadlet's unit-file parser (Go) trims a line with strings.TrimSpace, i.e. unicode.IsSpace, and
// then skips ASCII white space after `=`. Neither is JS's trim(): U+0085 is white space to Go only,
// U+FEFF to JS only, and a leading U+3000 (say) is kept. Found by test/property.
const goSpace = String.raw`\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const trimmedAtEnd = new RegExp(`[${goSpace}]$`);
const continuesLine = new RegExp(String.raw`\\[${goSpace}]*$`);
const trimmedAtStart = /^[\t\n\v\f\r ]/;

/** Why a string cannot be a raw Quadlet value, or undefined when it can. */
export function rawProblem(value: string): string | undefined {
  if (trimmedAtStart.test(value) || trimmedAtEnd.test(value)) return "leading or trailing white space is trimmed by the unit-file parser";
  if (value.endsWith("\\")) return "a trailing backslash continues the line in a unit file";
  return undefined;
}

/**
 * Why a value's characters cannot all reach the container, or undefined when they can (found by
 * test/property):
 * - a lone surrogate (only a YAML escape such as "\ud800" makes one) has no UTF-8 encoding: the
 *   unit file would carry U+FFFD instead;
 * - systemd ignores an assignment that is not "UTF-8 clean" to it, and then fails to load the unit
 *   (systemd-analyze verify): the non-characters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane;
 * - Quadlet 5.4 writes U+0080 into ExecStart= as `\x80` (it leaves only code points above 128
 *   alone), which systemd turns into the single byte 0x80, not the character.
 */
export function characterProblem(value: string): string | undefined {
  for (const c of value) {
    const cp = c.codePointAt(0) as number;
    const name = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    if (cp >= 0xd800 && cp <= 0xdfff) return `${name} is half of a surrogate pair, which has no UTF-8 encoding`;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return `${name} is a Unicode non-character: systemd refuses the whole line, and the unit would not load`;
    if (cp === 0x80) return `${name} would reach the container as the single byte 0x80 (Quadlet 5.4 escapes it as \\x80)`;
  }
  return undefined;
}

/**
 * Why a [Unit] text (Description=) would break the unit, or undefined: after the trimming, a
 * trailing `\` joins the next line, and Quadlet reads on past the blank line into `[Container]`,
 * so the unit has no Image= and is skipped (test/property found this).
 */
export function textProblem(text: string): string | undefined {
  return continuesLine.test(text) ? "a trailing backslash continues the line in a unit file: the next line would become part of it" : undefined;
}

/**
 * podman-run(1), --health-cmd: "A value of none disables existing healthchecks", and a JSON array
 * is run without a shell. Podman 5.4 (pkg/specgenutil, MakeHealthCheckFromCli) also takes a first
 * word CMD, CMD-SHELL or NONE in any case as that syntax, and JSON `null` as no command at all.
 */
export function isPodmanHealthSyntax(command: string): boolean {
  if (/^(cmd|cmd-shell|none)( |$)/i.test(command)) return true;
  try {
    const value: unknown = JSON.parse(command);
    return value === null || (Array.isArray(value) && value.every((v) => typeof v === "string"));
  } catch {
    return false;
  }
}

/** Why a shell command cannot be a HealthCmd= value, or undefined when it can. */
export function healthCommandProblem(command: string): string | undefined {
  if (/^"|"$/.test(command)) return 'Quadlet strips every `"` at either end of HealthCmd=';
  if (command === ";") return "a lone `;` would become a command separator in systemd's ExecStart=";
  if (isPodmanHealthSyntax(command)) return "podman reads this --health-cmd as its own syntax (`none` disables the check, a JSON array is run without a shell), not as a shell command";
  return rawProblem(command);
}
