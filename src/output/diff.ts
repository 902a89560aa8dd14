// A unified diff of two texts (diff -u style, 3 lines of context), for `mcquad check`. Unit files
// are small, so a plain longest-common-subsequence table is fast enough and easy to trust.

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  if (ops.every((o) => o.kind === " ")) return "";
  return [`--- ${oldName}`, `+++ ${newName}`, ...hunks(ops)].join("\n") + "\n";
}

const splitLines = (text: string): string[] => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? ((lcs[i + 1] as number[])[j + 1] as number) + 1 : Math.max((lcs[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: " ", line: a[i] as string, a: i++, b: j++ });
    // Deletions first, as diff -u prints them.
    else if (i < a.length && (j === b.length || ((lcs[i + 1] as number[])[j] as number) >= ((lcs[i] as number[])[j + 1] as number))) ops.push({ kind: "-", line: a[i] as string, a: i++, b: j });
    else ops.push({ kind: "+", line: b[j] as string, a: i, b: j++ });
  }
  return ops;
}

function hunks(ops: readonly Op[], context = 3): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < ops.length) {
    const firstChange = ops.findIndex((o, idx) => idx >= k && o.kind !== " ");
    if (firstChange < 0) break;
    const start = Math.max(k, firstChange - context);
    let end = firstChange;
    for (let idx = firstChange; idx < ops.length; idx++) {
      if (ops[idx]?.kind !== " ") end = idx;
      else if (idx - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const slice = ops.slice(start, stop);
    const first = slice[0] as Op;
    const aCount = slice.filter((o) => o.kind !== "+").length;
    const bCount = slice.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${aCount ? first.a + 1 : first.a},${aCount} +${bCount ? first.b + 1 : first.b},${bCount} @@`);
    out.push(...slice.map((o) => `${o.kind}${o.line}`));
    k = stop;
  }
  return out;
}
