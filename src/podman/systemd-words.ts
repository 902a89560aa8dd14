// Reading an ExecStart= line back into the argument vector systemd passes to the program
// (systemd.service(5), "Command lines"): words split on white space, double or single quotes,
// C-style escapes; then `%%` → `%` (specifiers, systemd.unit(5)) and `$$` → `$` (variables).
// Used to prove that what Quadlet writes gives the container exactly the intended arguments.
// Specifiers other than %% and variables are kept as written: mcquad's units use none.

const escapes: Record<string, string> = { a: "\u0007", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", s: " " };

export function splitSystemdWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let word = "";
    let quote: string | undefined;
    for (; i < line.length; i++) {
      const c = line[i] as string;
      if (!quote && (c === " " || c === "\t")) break;
      if (c === quote) quote = undefined;
      else if (!quote && (c === '"' || c === "'")) quote = c;
      else if (c === "\\") i = readEscape(line, i, (s) => (word += s));
      else word += c;
    }
    words.push(unescapeExpansions(word));
  }
  return words;
}

function readEscape(line: string, i: number, emit: (s: string) => void): number {
  const next = line[i + 1] ?? "";
  if (next === "x") return emit(String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16))), i + 3;
  if (next === "u") return emit(String.fromCodePoint(parseInt(line.slice(i + 2, i + 6), 16))), i + 5;
  if (next === "U") return emit(String.fromCodePoint(parseInt(line.slice(i + 2, i + 10), 16))), i + 9;
  if (/[0-7]/.test(next)) return emit(String.fromCharCode(parseInt(line.slice(i + 1, i + 4), 8))), i + 3;
  emit(escapes[next] ?? next);
  return i + 1;
}

const unescapeExpansions = (word: string): string => word.replace(/%%|\$\$/g, (m) => m[0] as string);
