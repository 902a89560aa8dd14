// The `podman run` commands in a shell script or in the code blocks of a Markdown runbook, with
// the line each starts on, so an importer can point at what it could not map.
import { splitShellWords, type ShellWord } from "./shell-words.js";

export interface FoundCommand {
  /** The words after `podman run`. */
  readonly words: readonly ShellWord[];
  readonly line: number;
}

/** Markdown when the text has fenced code blocks; a shell script otherwise. */
export function findRunCommands(text: string): FoundCommand[] {
  const blocks = codeBlocks(text);
  const sources = blocks.length > 0 ? blocks : [{ body: text, line: 1 }];
  return sources.flatMap((b) => commandsIn(b.body, b.line));
}

function codeBlocks(text: string): { body: string; line: number }[] {
  const blocks: { body: string; line: number }[] = [];
  const lines = text.split("\n");
  let open: { fence: string; start: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    const fence = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (!open && fence) open = { fence, start: i + 2, body: [] };
    else if (open && fence && line.trim().startsWith(open.fence)) {
      blocks.push({ body: open.body.join("\n"), line: open.start });
      open = undefined;
    } else open?.body.push(line);
  });
  return blocks;
}

/** Commands are separated by newlines (not continued), `;`, `&&` or `||`; a `podman run` starts one. */
function commandsIn(body: string, firstLine: number): FoundCommand[] {
  const words = splitShellWords(body, firstLine);
  const commands: FoundCommand[] = [];
  let current: ShellWord[] = [];
  let line = 0;
  const flush = () => {
    if (current[0]?.text === "podman" && current[1]?.text === "run") commands.push({ words: current.slice(2), line });
    current = [];
  };
  for (const w of words) {
    // Only an unquoted operator separates: `'|'` is an argument.
    const separator = w.quoted !== true && [";", "&&", "||", "|"].includes(w.text);
    if (separator || (current.length > 0 && w.line !== lastLine(current) && !continued(body, firstLine, lastLine(current)))) flush();
    if (separator) continue;
    if (current.length === 0) line = w.line;
    current.push(w);
  }
  flush();
  return commands;
}

const lastLine = (words: readonly ShellWord[]): number => (words[words.length - 1] as ShellWord).line;

/** Whether line `n` (1-based, counted from firstLine) ends with a backslash continuation. */
function continued(body: string, firstLine: number, n: number): boolean {
  return /\\$/.test(body.split("\n")[n - firstLine] ?? "");
}
