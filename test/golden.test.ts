// Golden fixtures: an inventory and the exact files it must generate, the list of files included.
// The committed out/ is the golden output of the committed services.yaml.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fixtures, generateFile, readTree, repo, updateGolden, writeTree } from "./helpers.js";

const cases = [
  { name: "services.yaml → out/", inventory: join(repo, "services.yaml"), expected: join(repo, "out") },
  ...readdirSync(fixtures)
    .filter((d) => existsSync(join(fixtures, d, "services.yaml")))
    .map((d) => ({ name: d, inventory: join(fixtures, d, "services.yaml"), expected: join(fixtures, d, "expected") })),
];

describe.each(cases)("golden: $name", ({ inventory, expected }) => {
  const result = generateFile(inventory);
  if (updateGolden && !expected.endsWith("out")) {
    rmSync(expected, { recursive: true, force: true });
    writeTree(expected, result.files);
  }
  const golden = readTree(expected);

  it("validates without errors", () => {
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("generates exactly the expected list of files", () => {
    expect([...result.files.keys()]).toEqual([...golden.keys()]);
  });

  it.each([...golden.keys()])("%s is byte-identical", (name) => {
    expect(result.files.get(name)).toBe(golden.get(name));
  });
});
