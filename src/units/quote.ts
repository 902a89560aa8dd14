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

/** Why a string cannot be a raw Quadlet value, or undefined when it can. */
export function rawProblem(value: string): string | undefined {
  if (value !== value.trim()) return "leading or trailing white space is trimmed by the unit-file parser";
  if (value.endsWith("\\")) return "a trailing backslash continues the line in a unit file";
  return undefined;
}

/** Why a shell command cannot be a HealthCmd= value, or undefined when it can. */
export function healthCommandProblem(command: string): string | undefined {
  if (/^"|"$/.test(command)) return 'Quadlet strips every `"` at either end of HealthCmd=';
  return rawProblem(command);
}
