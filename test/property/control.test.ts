// Property: a value with a newline or any other control character (C0 or DEL), anywhere in args,
// environment, volumes or a health command, is refused with an error on that value, reported at
// the line and column where the value is written; nothing is generated.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PROPERTY_TIMEOUT_MS, propertyOptions } from "./runs.js";
import { generateText } from "../helpers.js";
import { batchText, expectedAt, reportedAt } from "./check-batch.js";
import { withControl } from "./strings.js";
import { serviceName, valueCase, valuePaths } from "./value-cases.js";
import { pathKey } from "./yaml-text.js";

const controlPath = withControl.map((s) => `/${s.replaceAll(":", "_")}`);
const controlMessage = /^value contains (a newline|a tab|control character U\+00[0-9A-F]{2}), /;

describe("control characters", () => {
  it("are refused on the very value, located where it is written", () => {
    fc.assert(
      fc.property(fc.array(valueCase(withControl, controlPath, controlPath), { minLength: 1, maxLength: 60, size: "max" }), (cases) => {
        const text = batchText(cases);
        const result = generateText(text.text);
        expect(result.files.size).toBe(0);
        const control = result.findings.filter((f) => f.severity === "error" && controlMessage.test(f.message));
        const paths = cases.flatMap((c, i) => valuePaths(serviceName(i), c).map((v) => v.path));
        // One volume holds two paths, both with a control character: one finding for the volume.
        expect([...new Set(control.map((f) => pathKey(f.path)))].sort()).toEqual(paths.map(pathKey).sort());
        expect(reportedAt(control, text.text)).toEqual(expectedAt(text, control.map((f) => f.path)));
      }),
      propertyOptions("control"),
    );
  }, PROPERTY_TIMEOUT_MS);
});
