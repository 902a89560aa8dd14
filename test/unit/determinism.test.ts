// The same inventory gives the same bytes; the order of services in the file does not matter;
// user-given lists keep the user's order.
import { UID_INCIDENT } from "../../src/door/scripts.js";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { generateText, repo } from "../helpers.js";

const text = readFileSync(join(repo, "services.yaml"), "utf8");

describe("determinism", () => {
  it("generates byte-identical output twice", () => {
    expect([...generateText(text).files]).toEqual([...generateText(text).files]);
  });

  it("does not depend on the order of services in the inventory", () => {
    const doc = parseDocument(text);
    const services = doc.get("services") as { items: unknown[] };
    services.items.reverse();
    expect([...generateText(doc.toString()).files]).toEqual([...generateText(text).files]);
  });

  it("keeps ports, volumes and arguments in the inventory's order", () => {
    const unit = generateText(text).files.get("mcns.container") ?? "";
    expect(unit.match(/^PublishPort=.*$/gm)).toEqual([
      "PublishPort=192.168.88.181:53:53",
      "PublishPort=192.168.88.181:53:53/udp",
      "PublishPort=100.95.252.120:53:53",
      "PublishPort=100.95.252.120:53:53/udp",
      "PublishPort=127.0.0.1:38443:8443",
    ]);
  });

  it("writes LF line endings, one final newline, no timestamps or absolute paths", () => {
    for (const [, file] of generateText(text).files) {
      expect(file).not.toContain("\r");
      expect(file.endsWith("\n") && !file.endsWith("\n\n")).toBe(true);
      // The one date is the incident the ids check names (src/door/scripts.ts), never a timestamp.
      expect(file.replaceAll(UID_INCIDENT, "")).not.toMatch(/20\d\d-\d\d-\d\d|\/work\/|\/home\/|\/tmp\//);
    }
  });
});
