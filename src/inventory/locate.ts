// Positions for findings, computed only when there is something to report.
import jsYaml from "js-yaml";
import type { Path } from "./model.js";

export interface Position {
  readonly line: number;
  readonly col: number;
}

/**
 * Positions of the nodes of a document, from a second js-yaml parse that records where each node
 * opens (js-yaml's `listener`): a few milliseconds, where loading the `yaml` package alone costs
 * more than the rest of a run on the real inventory.
 */
export class Locator {
  private readonly root: Frame | undefined;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    this.root = recordFrames(text);
  }

  /** Where the value at `path` (or its key) starts; the nearest existing ancestor if absent. */
  locate(path: Path, atKey = false): Position {
    let frame = this.root;
    let offset = frame?.start ?? 0;
    for (const [i, part] of path.entries()) {
      const next = frame && childAt(frame, part);
      if (!next) break;
      offset = (i === path.length - 1 && atKey ? next.key?.start : undefined) ?? next.value.start;
      frame = next.value;
    }
    return this.position(skipInsignificant(this.text, offset));
  }

  private position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - (this.lineStarts[low] as number) + 1 };
  }
}

interface Frame {
  readonly start: number;
  result?: unknown;
  kind?: string | null;
  readonly children: Frame[];
}

/** js-yaml opens a frame per node; a mapping's children are its keys and values, in turn. */
function recordFrames(text: string): Frame | undefined {
  const stack: Frame[] = [{ start: 0, children: [] }];
  jsYaml.load(text, {
    schema: jsYaml.CORE_SCHEMA,
    listener(event, state) {
      if (event === "open") return void stack.push({ start: state.position, children: [] });
      const frame = stack.pop() as Frame;
      frame.result = state.result;
      frame.kind = state.kind;
      stack[stack.length - 1]?.children.push(frame);
    },
  });
  return stack[0]?.children[0];
}

function childAt(outer: Frame, part: string | number): { key?: Frame; value: Frame } | undefined {
  // A block sequence's item wraps the node it holds in a frame of its own.
  let frame = outer;
  while (frame.children.length === 1 && frame.children[0]?.result === frame.result) frame = frame.children[0] as Frame;
  if (frame.kind === "sequence") {
    const value = typeof part === "number" ? frame.children[part] : undefined;
    return value && { value };
  }
  if (frame.kind !== "mapping") return undefined;
  for (let i = 0; i + 1 < frame.children.length; i += 2) {
    const key = frame.children[i] as Frame;
    if (String(key.result) === String(part)) return { key, value: frame.children[i + 1] as Frame };
  }
  return undefined;
}

/** js-yaml opens a node before the white space, comments and line breaks in front of it. */
export function skipInsignificant(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] as string))) while (i < text.length && text[i] !== "\n") i++;
    else break;
  }
  return i < text.length ? i : offset;
}

/** The 1-based line and column of an offset, for the few positions found outside a Locator. */
export function positionAt(text: string, offset: number): Position {
  const lineStart = offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < lineStart; i = text.indexOf("\n", i + 1)) line++;
  return { line, col: offset - lineStart + 1 };
}
