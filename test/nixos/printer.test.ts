// The Nix printer: whatever text goes in comes back out of Nix's own evaluator unchanged, in a
// one-line string or an indented one, and attribute names that are not identifiers are quoted.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attr, attrName, attrs, code, printAttr, str } from "../../src/nixos/nix.js";
import { ensureNix, INSTALL_TIMEOUT_MS } from "./nix.js";

beforeAll(ensureNix, INSTALL_TIMEOUT_MS);

const texts = [
  "plain",
  'quotes " and \\ backslashes',
  "dollar-brace ${not interpolated} and $HOME",
  "two quotes '' and three ''' in a row",
  "line one\n  indented line\n\nlast line\n",
  "  every line indented\n  so Nix would strip it\n",
  "trailing space \nkept\n",
  "tab\there\n",
];

function evaluate(text: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-nix-print-"));
  writeFileSync(join(dir, "t.nix"), text);
  const out = execFileSync("nix-instantiate", ["--eval", "--strict", "--json", join(dir, "t.nix")], { encoding: "utf8", env: { ...process.env, NIX_STATE_DIR: dir }, stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out);
}

describe("the Nix printer", () => {
  it("round-trips every string through Nix", () => {
    const value = attrs(...texts.map((t, i) => attr(`s${i}`, str(t))));
    const printed = ["let", ...printAttr(attr("result", value), "  "), "in result"].join("\n");
    expect(evaluate(printed)).toEqual(Object.fromEntries(texts.map((t, i) => [`s${i}`, t])));
  });

  it("interpolates code parts and nothing else", () => {
    const printed = ['let x = "X";', ...printAttr(attr("r", str("a ${b} ", code("x"), "\n${c}\n")), "  "), "in r"].join("\n");
    expect(evaluate(printed)).toBe("a ${b} X\n${c}\n");
  });

  it("quotes attribute names that are not identifiers or are keywords", () => {
    expect(["mc-stage1", "user@850", "mcns.container", "1st", "or", "a'b"].map(attrName)).toEqual(['mc-stage1', '"user@850"', '"mcns.container"', '"1st"', '"or"', "a'b"]);
  });
});
