// Inventory bytes → text. Only UTF-8 is read: a byte that is not would otherwise become U+FFFD
// silently, and a value would reach a unit that is not what the file says. A UTF-8 byte-order
// mark is accepted and dropped (YAML 1.2 §5.2 allows it).
import { type Finding, error } from "../report/finding.js";

export interface Decoded {
  /** The text, invalid bytes shown as U+FFFD (for excerpts only when there are findings). */
  readonly text: string;
  readonly findings: Finding[];
}

const strict = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8");

export function decodeInventory(bytes: Uint8Array): Decoded {
  try {
    return { text: strict.decode(bytes), findings: [] };
  } catch {
    const found = invalidSequences(bytes);
    const more = found.length - MAX_FINDINGS;
    const findings = found.slice(0, MAX_FINDINGS).map((at, i) => invalidFinding(bytes, at, i === MAX_FINDINGS - 1 && more > 0 ? ` (and ${more} more lines like it)` : ""));
    return { text: lenient.decode(bytes), findings };
  }
}

/** A file in another encoding has such bytes on every line: the first lines say enough. */
const MAX_FINDINGS = 20;

interface Invalid {
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
}

/** The first invalid sequence of each line (one finding a line is enough to find them). */
function invalidSequences(bytes: Uint8Array): Invalid[] {
  const found: Invalid[] = [];
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0 && found[found.length - 1]?.line !== line) found.push({ offset: i, line });
    if (bytes[i] === 0x0a) line++;
    i += Math.max(length, 1);
  }
  return found;
}

/** The length of the well-formed UTF-8 sequence at `i` (Unicode 15 table 3-7), 0 if there is none. */
function sequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i] as number;
  if (lead < 0x80) return 1;
  const within = (k: number, low = 0x80, high = 0xbf) => i + k < b.length && (b[i + k] as number) >= low && (b[i + k] as number) <= high;
  if (lead >= 0xc2 && lead <= 0xdf) return within(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return within(1, low, high) && within(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return within(1, low, high) && within(2) && within(3) ? 4 : 0;
  }
  return 0;
}

function invalidFinding(bytes: Uint8Array, { offset: at, line }: Invalid, more: string): Finding {
  const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
  // Columns count characters as the excerpt shows them (the decoder drops a leading BOM).
  const col = lenient.decode(bytes.subarray(lineStart, at)).length + 1;
  // The byte that breaks the sequence, with the continuation bytes that follow it.
  let end = at + 1;
  while (end < Math.min(at + 4, bytes.length) && ((bytes[end] as number) & 0xc0) === 0x80) end++;
  const shown = [...bytes.subarray(at, end)].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`);
  return {
    ...error([], `${shown.length === 1 ? "a byte that is" : "bytes that are"} not UTF-8 (${shown.join(" ")}): the inventory must be UTF-8 text${more}`, "save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`; mcquad never guesses an encoding"),
    position: { line, col },
  };
}
