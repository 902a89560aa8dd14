// The boot order a document states, which no `podman run` command carries: stage headings
// (`### Stage 1: MCNS (DNS)`, in force until the next heading of the same or a higher level, or a
// `# Stage 2` comment in a shell script) and a recovery-order list
// (`Stage 2 (Core): mc-proxy, MCR, Metacrypt → routing + images + certs`).

export interface ListedName {
  readonly stage: number;
  /** As written: `MCR`, `sgard`. */
  readonly token: string;
  readonly line: number;
}

export interface DocumentOrder {
  /** The stage each line is under by the headings (index 0 is line 1); undefined outside any. */
  readonly headingStage: readonly (number | undefined)[];
  readonly listed: readonly ListedName[];
  /** Stage number → what the document calls it: the list's label, the heading's title. */
  readonly labels: ReadonlyMap<number, StageLabel>;
}

export interface StageLabel {
  readonly label?: string;
  readonly title?: string;
}

const fence = /^\s*(```+|~~~+)/;
const stageTitle = /^Stage\s+(\d+)\b\s*[:.)\-–—]?\s*(.*?)\s*$/i;
const listLine = /^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*)?Stage\s+(\d+)\s*(?:\(([^)]*)\))?(?:\*\*)?\s*:\s*(.+)$/i;

/** Scopes of the stage headings open at the current line; a fenced block's comments are level 7. */
interface Scope {
  readonly level: number;
  readonly stage: number;
}

export function readDocumentOrder(text: string): DocumentOrder {
  const lines = text.split("\n");
  const markdown = lines.some((l) => fence.test(l));
  const headingStage: (number | undefined)[] = [];
  const listed: ListedName[] = [];
  const labels = new Map<number, StageLabel>();
  let scopes: Scope[] = [];
  let inFence: string | undefined;
  lines.forEach((line, i) => {
    const f = fence.exec(line)?.[1];
    if (f && (inFence === undefined || line.trim().startsWith(inFence))) {
      inFence = inFence === undefined ? f : undefined;
      if (inFence === undefined) scopes = scopes.filter((s) => s.level < 7);
    } else {
      const heading = headingOf(line, markdown, inFence !== undefined);
      if (heading) scopes = openHeading(scopes, heading, labels);
      else readListLine(line, i + 1, listed, labels);
    }
    headingStage.push(scopes[scopes.length - 1]?.stage);
  });
  return { headingStage, listed, labels };
}

/** A Markdown heading outside code; a shell comment in code or in a script (deeper than any heading). */
function headingOf(line: string, markdown: boolean, inCode: boolean): { level: number; title: string } | undefined {
  const m = /^\s*(#+)\s*(.*?)\s*#*\s*$/.exec(line);
  if (!m) return undefined;
  if (markdown && !inCode) return /^#{1,6}\s/.test(line.trimStart()) ? { level: (m[1] as string).length, title: m[2] as string } : undefined;
  // A comment opens a stage only when it names one, and closes none.
  return stageTitle.test(m[2] as string) ? { level: markdown ? 7 : 1, title: m[2] as string } : undefined;
}

function openHeading(scopes: Scope[], heading: { level: number; title: string }, labels: Map<number, StageLabel>): Scope[] {
  const open = scopes.filter((s) => s.level < heading.level);
  const m = stageTitle.exec(heading.title);
  const stage = Number(m?.[1]);
  if (!m || stage < 1) return open;
  const title = m[2] ?? "";
  if (title !== "" && labels.get(stage)?.title === undefined) labels.set(stage, { ...labels.get(stage), title });
  return [...open, { level: heading.level, stage }];
}

/** `Stage N (Label): a, b and c → what it gives`: the names before the arrow, one word each. */
function readListLine(line: string, lineNumber: number, listed: ListedName[], labels: Map<number, StageLabel>): void {
  const m = listLine.exec(line);
  const stage = Number(m?.[1]);
  if (!m || stage < 1) return;
  if (m[2] && labels.get(stage)?.label === undefined) labels.set(stage, { ...labels.get(stage), label: m[2].trim() });
  const names = (m[3] as string).split(/\s+(?:→|->|=>|—|–|-)\s+/)[0] as string;
  for (const part of names.split(/,|\s+and\s+|\s+&\s+|\s+\+\s+/)) {
    const token = part.replace(/\([^)]*\)/g, "").replace(/[`*]/g, "").trim();
    if (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(token)) listed.push({ stage, token, line: lineNumber });
  }
}
