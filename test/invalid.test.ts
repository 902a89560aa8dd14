// One fixture per validation rule: the inventory and, beside it, exactly what a user sees
// (file:line:col, path, message, excerpt with a caret, hint), all problems at once.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtures, generateText, updateGolden } from "./helpers.js";
import { formatFindings } from "../src/report/format.js";
import { decodeInventory } from "../src/inventory/decode.js";

const dir = join(fixtures, "invalid");
const cases = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, ""));

describe.each(cases)("invalid: %s", (name) => {
  // As the CLI reads it: bytes, decoded (a fixture may hold bytes that are not UTF-8).
  const decoded = decodeInventory(readFileSync(join(dir, `${name}.yaml`)));
  const text = decoded.text;
  const result = decoded.findings.length > 0 ? { findings: decoded.findings, files: new Map() } : generateText(text);
  const report = `${formatFindings(result.findings, text, `${name}.yaml`)}\n`;
  const expectedPath = join(dir, `${name}.txt`);
  if (updateGolden || !existsSync(expectedPath)) writeFileSync(expectedPath, report);

  it("is refused, and nothing is generated", () => {
    expect(result.findings.some((f) => f.severity === "error")).toBe(true);
    expect(result.files.size).toBe(0);
  });

  it("reports exactly the expected findings, located", () => {
    expect(report).toBe(readFileSync(expectedPath, "utf8"));
  });
});
