// A line index of a unit file, so that what Quadlet or systemd say about a key can be pointed at
// the line of out/x.container that holds it. Follows systemd.syntax(7): `#`/`;` comments,
// `[Section]` headers, `Key=Value` with blanks around `=` ignored, and a trailing backslash
// continuing the entry on the next line (the entry keeps its first line number).

export interface UnitLine {
  readonly section: string;
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface UnitIndex {
  readonly entries: readonly UnitLine[];
  /** Line of each `[Section]` header. */
  readonly sections: ReadonlyMap<string, number>;
}

export function indexUnit(text: string): UnitIndex {
  const entries: UnitLine[] = [];
  const sections = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let raw = (lines[i] ?? "").trim();
    if (raw === "" || raw.startsWith("#") || raw.startsWith(";")) continue;
    const header = /^\[([^\]]+)\]$/.exec(raw);
    if (header?.[1] !== undefined) {
      section = header[1];
      if (!sections.has(section)) sections.set(section, start + 1);
      continue;
    }
    while (raw.endsWith("\\") && i + 1 < lines.length) {
      raw = `${raw.slice(0, -1)} ${(lines[++i] ?? "").trim()}`;
    }
    const eq = raw.indexOf("=");
    if (eq <= 0) continue;
    entries.push({ section, key: raw.slice(0, eq).trim(), value: raw.slice(eq + 1).trim(), line: start + 1 });
  }
  return { entries, sections };
}

export interface LineQuery {
  readonly section?: string;
  readonly key?: string;
  /** A word the value must contain, e.g. a unit name in `Requires=a.service b.service`. */
  readonly mentions?: string;
  readonly value?: string;
}

/** First line matching every given field of the query. */
export function findLine(index: UnitIndex, q: LineQuery): number | undefined {
  return index.entries.find((e) => matches(e, q))?.line;
}

/** The best line for a query: exact match, then the key alone, then the section header. */
export function locate(index: UnitIndex, q: LineQuery): number | undefined {
  return (
    findLine(index, q) ??
    (q.key !== undefined ? findLine(index, { section: q.section, key: q.key }) : undefined) ??
    (q.section !== undefined ? index.sections.get(q.section) : undefined)
  );
}

function matches(e: UnitLine, q: LineQuery): boolean {
  if (q.section !== undefined && e.section !== q.section) return false;
  if (q.key !== undefined && e.key !== q.key) return false;
  if (q.value !== undefined && e.value !== q.value) return false;
  if (q.mentions !== undefined && !e.value.split(/\s+/).includes(q.mentions)) return false;
  return true;
}
