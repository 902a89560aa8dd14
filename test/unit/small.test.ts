// Small pure helpers: naming, durations, did-you-mean, paths, diffs.
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/inventory/duration.js";
import { suggest } from "../../src/report/suggest.js";
import { formatPath } from "../../src/report/finding.js";
import { unifiedDiff } from "../../src/output/diff.js";
import { serviceUnitName, stageTargetName } from "../../src/units/naming.js";
import { imageTag } from "../../src/check/images.js";

describe("naming", () => {
  it("dependencies name the generated .service, never the .container (Quadlet 5.4)", () => {
    expect(serviceUnitName("mcr-api")).toBe("mcr-api.service");
    expect(stageTargetName({ index: 1, name: "mc-stage1", description: "", pending: [] })).toBe("mc-stage1.target");
  });
});

describe("durations", () => {
  it.each([
    ["10s", 10, "10s"],
    ["1m30s", 90, "1m30s"],
    ["2h", 7200, "2h"],
    ["500ms", 0.5, "500ms"],
    ["0s", 0, "0s"],
  ])("%s is %f seconds, written %s", (text, seconds, formatted) => {
    expect(parseDuration(text)).toBe(seconds);
    expect(formatDuration(seconds)).toBe(formatted);
  });
});

describe("suggest", () => {
  it.each([
    ["volumns", ["volumes", "ports"], 'did you mean "volumes"?'],
    ["mcr-apii", ["mcr-api", "mcr-web"], 'did you mean "mcr-api"?'],
    ["helath", ["health"], 'did you mean "health"?'],
    ["zzzzzz", ["health"], undefined],
  ])("%s among %j", (word, candidates, hint) => {
    expect(suggest(word, candidates)).toBe(hint);
  });
});

describe("formatPath", () => {
  it.each([
    [["services", "mcr-web", "requires", 0], "services.mcr-web.requires[0]"],
    [["services", "a.b"], 'services["a.b"]'],
    [[], "(document)"],
  ] as const)("%j → %s", (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe("imageTag", () => {
  it.each([
    ["reg:8443/mcns:v1.2.0", "v1.2.0"],
    ["reg:8443/mcns", undefined],
    ["mcns:latest", "latest"],
    ["mcns@sha256:abc", "sha256:abc"],
  ])("%s → %s", (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});

describe("unifiedDiff", () => {
  it("prints diff -u hunks with deletions before additions", () => {
    const a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    expect(unifiedDiff(a, b, "a/x", "b/x")).toBe("--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  });
  it("is empty for equal texts and shows a new file in full", () => {
    expect(unifiedDiff("a\n", "a\n", "x", "y")).toBe("");
    expect(unifiedDiff("", "a\nb\n", "/dev/null", "b/x")).toBe("--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  });
});
