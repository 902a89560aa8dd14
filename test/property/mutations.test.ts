// Property: the real inventory, mutated at the text level as a hostile pull request might (lines
// deleted and duplicated, YAML punctuation, anchors and aliases, tabs, quotes, tags, huge and
// negative numbers, long strings), never ends in an internal error nor takes more than a few
// seconds; every refusal names a line and column inside the file; and a refusal leaves out/
// exactly as it was. `build` runs in-process, so a bug throws here as it would in the CLI.
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCommand, type Io } from "../../src/commands.js";
import { generateText, readTree, repo } from "../helpers.js";
import { locateFindings, noColor } from "../../src/report/format.js";

const real = readFileSync(join(repo, "services.yaml"), "utf8");
const lines = real.split("\n");

type Mutation = (lines: string[]) => string[];

const at = (index: number, list: readonly string[]) => index % Math.max(list.length, 1);
const insertAt = (text: string, column: number, piece: string) => text.slice(0, column % (text.length + 1)) + piece + text.slice(column % (text.length + 1));

const punctuation = fc.constantFrom(":", ": ", "- ", "[", "]", "{", "}", ",", "? ", "|", ">", "#", "&a ", "*a", "&b ", "*b", "!!binary ", "!evil ", "!!str ", '"', "'", "\t", "%", "@", "`", "<<: *a", "\\", "\r", "---\n", "...\n");
const numbers = fc.constantFrom("99999999999999999999999", "-1", "-0", "1e309", "0x1F", "0o17", ".inf", "-.inf", ".nan", "1_000", "4294967296", "-2147483649");
const long = fc.integer({ min: 200, max: 20_000 }).map((n) => "x".repeat(n));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i) => (l: string[]) => l.filter((_, k) => k !== at(i, l))),
  fc.nat().map((i) => (l: string[]) => l.flatMap((line, k) => (k === at(i, l) ? [line, line] : [line]))),
  fc.tuple(fc.nat(), fc.nat(), punctuation).map(([i, c, p]) => (l: string[]) => l.map((line, k) => (k === at(i, l) ? insertAt(line, c, p) : line))),
  fc.tuple(fc.nat(), numbers).map(([i, n]) => (l: string[]) => l.map((line, k) => (k === at(i, l) ? line.replace(/\b\d+\b/, n) : line))),
  fc.tuple(fc.nat(), fc.nat(), long).map(([i, c, s]) => (l: string[]) => l.map((line, k) => (k === at(i, l) ? insertAt(line, c, s) : line))),
  // An anchor on one value and aliases to it elsewhere, some nested.
  fc.tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 12 })).map(([a, uses]) => (l: string[]) =>
    l.map((line, k) => (k === at(a, l) ? line.replace(/: (\S)/, ": &a $1") : uses.some((u) => at(u, l) === k) ? line.replace(/: (\S.*)$/, ": *a") : line)),
  ),
);

const quiet: Io = { out: () => undefined, err: () => undefined, style: noColor };

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "mcquad-mutations-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the real inventory, mutated", () => {
  it("never ends in an internal error or runs long; refusals are located inside the file and leave out/ alone", () => {
    let refusals = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const text = mutations.reduce((l, m) => m(l), [...lines]).join("\n");
        const out = join(work, "out");
        rmSync(out, { recursive: true, force: true });
        cpSync(join(repo, "out"), out, { recursive: true });
        const before = readTree(out);
        writeFileSync(join(work, "services.yaml"), text);
        const start = performance.now();
        const code = buildCommand({ inventory: join(work, "services.yaml"), overrides: {}, out }, quiet);
        expect(performance.now() - start).toBeLessThan(3000);
        if (code === 0) return;
        refusals++;
        expect(code).toBe(1);
        expect(readTree(out)).toEqual(before);
        const textLines = text.split(/\r?\n/);
        for (const f of locateFindings(generateText(text).findings, text)) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.line).toBeLessThanOrEqual(textLines.length);
          expect(f.col).toBeGreaterThanOrEqual(1);
          expect(f.col).toBeLessThanOrEqual((textLines[f.line - 1]?.length ?? 0) + 1);
        }
      }),
      { numRuns: 150 },
    );
    // Most mutations break the inventory: the property must have seen refusals, not only builds.
    expect(refusals).toBeGreaterThan(50);
  }, 300_000);
});
