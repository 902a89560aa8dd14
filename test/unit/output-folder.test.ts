// Where generated files would land on something else: decided from the folder's entries alone.
import { describe, expect, it } from "vitest";
import { placementProblems, type EntryKind } from "../../src/output/folder.js";

const entries = new Map<string, EntryKind>([
  ["rift", "link"],
  ["edge", "file"],
  ["core", "folder"],
  ["core/a.container", "file"],
  ["core/b.container", "folder"],
  ["core/c.container", "other"],
]);

describe("placementProblems", () => {
  it("names each link, file or folder in the way once, and nothing that fits", () => {
    const names = ["rift/a.container", "rift/b.container", "edge/a.container", "core/a.container", "core/b.container", "core/c.container", "core/new.container", "fresh/x.target"];
    expect(placementProblems("out", entries, names)).toEqual([
      "out/rift: is a symbolic link where mcquad writes a folder; mcquad never writes through a link: remove it",
      "out/edge: is a file where mcquad writes a folder: move it away",
      "out/core/b.container: is a folder where mcquad writes a generated file: move it away",
      "out/core/c.container: is not a regular file where mcquad writes a generated file: move it away",
    ]);
  });
});
