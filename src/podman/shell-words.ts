// Splitting a shell command line into words, as POSIX sh would for the commands runbooks hold:
// single and double quotes, backslash escapes, backslash-newline continuations, `#` comments.
// Expansions ($VAR, $(…), globs) are not performed: a word that has one is flagged.

export interface ShellWord {
  readonly text: string;
  /** 1-based line and column where the word starts in the input. */
  readonly line: number;
  readonly col: number;
  /** It contains an unquoted or double-quoted `$` or a backquote: the shell would expand it. */
  readonly expands: boolean;
  /** Part of it was quoted or escaped, so `|` or `;` in it is text, not an operator. */
  readonly quoted?: boolean;
}

export function splitShellWords(input: string, firstLine = 1): ShellWord[] {
  const words: ShellWord[] = [];
  let i = 0;
  let line = firstLine;
  let lineStart = 0;
  let current: { text: string; line: number; col: number; expands: boolean; quoted?: boolean } | undefined;
  const start = () => (current ??= { text: "", line, col: i - lineStart + 1, expands: false });
  const finish = () => {
    if (current) words.push(current);
    current = undefined;
  };
  while (i < input.length) {
    const c = input[i] as string;
    if (c === "\\" && input[i + 1] === "\n") {
      i += 2;
      line++;
      lineStart = i;
    } else if (c === "\n" || c === " " || c === "\t") {
      finish();
      if (c === "\n") (line++, (lineStart = i + 1));
      i++;
    } else if (c === "#" && !current) {
      while (i < input.length && input[i] !== "\n") i++;
    } else if (c === "'") {
      const end = input.indexOf("'", i + 1);
      const stop = end < 0 ? input.length : end;
      const w = start();
      w.text += input.slice(i + 1, stop);
      w.quoted = true;
      i = stop + 1;
    } else if (c === '"') {
      const w = start();
      w.quoted = true;
      i = readDoubleQuoted(input, i + 1, w);
    } else if (c === "\\") {
      const w = start();
      w.text += input[i + 1] ?? "";
      w.quoted = true;
      i += 2;
    } else {
      const w = start();
      if (c === "$" || c === "`") w.expands = true;
      w.text += c;
      i++;
    }
  }
  finish();
  return words;
}

/** Inside double quotes a backslash escapes only $ ` " \ and newline (POSIX 2.2.3). */
function readDoubleQuoted(input: string, i: number, word: { text: string; expands: boolean }): number {
  while (i < input.length && input[i] !== '"') {
    const c = input[i] as string;
    const next = input[i + 1];
    if (c === "\\" && next !== undefined && '$`"\\\n'.includes(next)) {
      if (next !== "\n") word.text += next;
      i += 2;
      continue;
    }
    if (c === "$" || c === "`") word.expands = true;
    word.text += c;
    i++;
  }
  return i + 1;
}
