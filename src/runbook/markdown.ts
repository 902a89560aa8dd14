// Small Markdown and shell-text helpers for the runbook: aligned comments in code blocks, table
// rows, inline code, and word lists wrapped with `\` continuations.

/** Commands with their expected result as aligned `# ` comments; a row without one stays bare. */
export function commented(rows: readonly (readonly [string, string?])[]): string[] {
  const width = Math.min(48, Math.max(0, ...rows.filter(([, c]) => c !== undefined).map(([cmd]) => cmd.length)));
  return rows.map(([cmd, comment]) => (comment === undefined ? cmd : `${cmd.padEnd(width)}  # ${comment}`));
}

/** A table row; `|` would end the cell and a newline the row. */
export const tableRow = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ")} |`;

/** Inline code that survives backticks in the text (CommonMark: a longer fence). */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** `for x in \` + the words wrapped at `width` + `; do`, as shell lines. */
export function forEachLines(variable: string, words: readonly string[], body: string, width = 88): string[] {
  const lines = [`for ${variable} in \\`];
  let current = "   ";
  for (const word of words) {
    if (current.length + word.length + 1 > width && current.trim()) lines.push(`${current} \\`), (current = "   ");
    current += ` ${word}`;
  }
  return [...lines, `${current}; do`, `  ${body}`, "done"];
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] as string}`;
}
