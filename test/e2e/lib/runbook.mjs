// Reads the generated RUNBOOK.md, so that the e2e runs the runbook's own commands and takes its
// own lists rather than retyping them: the Nth fenced `sh` block of a numbered section, the first
// one of a section that holds a given text, or the images (first inline code of each item) of the
// Nth bullet list of a section.
// usage: node runbook.mjs RUNBOOK.md SECTION block N | block-with TEXT | list N
import { readFileSync } from 'node:fs';

const [file, section, what, arg] = process.argv.slice(2);
if (!file || !section || !what || arg === undefined) {
  console.error('usage: node runbook.mjs RUNBOOK.md SECTION block N | block-with TEXT | list N');
  process.exit(2);
}

/** The lines of section N: from its "## N." heading to the next "## " heading. */
function sectionLines(text, n) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${n}. `));
  if (start < 0) throw new Error(`no section ${n} in ${file}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Its fenced sh blocks, each as its text. */
function shBlocks(lines) {
  const blocks = [];
  let current;
  for (const l of lines) {
    if (current === undefined && l === '```sh') current = [];
    else if (current !== undefined && l === '```') blocks.push(`${current.join('\n')}\n`), (current = undefined);
    else if (current !== undefined) current.push(l);
  }
  return blocks;
}

/** Its bullet lists (runs of "- " lines), each as the first inline code of every item. */
function codeLists(lines) {
  const lists = [];
  let current;
  for (const l of lines) {
    if (l.startsWith('- ')) (current ??= []).push(/`([^`]+)`/.exec(l)?.[1] ?? '');
    else if (current) lists.push(current), (current = undefined);
  }
  if (current) lists.push(current);
  return lists;
}

const lines = sectionLines(readFileSync(file, 'utf8'), section);
const nth = (items, n) => {
  const item = items[Number(n) - 1];
  if (item === undefined) throw new Error(`section ${section} of ${file} has no ${what.replace('-with', '')} ${n}`);
  return item;
};
if (what === 'block') process.stdout.write(nth(shBlocks(lines), arg));
else if (what === 'block-with') {
  const block = shBlocks(lines).find((b) => b.includes(arg));
  if (block === undefined) throw new Error(`no sh block of section ${section} of ${file} holds ${arg}`);
  process.stdout.write(block);
} else if (what === 'list') process.stdout.write(`${nth(codeLists(lines), arg).join('\n')}\n`);
else throw new Error(`unknown request ${what}`);
