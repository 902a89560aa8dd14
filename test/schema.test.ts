// services.schema.json is what `mcquad schema` writes today, and services.yaml points editors at it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inventoryJsonSchema, SCHEMA_FILE } from "../src/inventory/json-schema.js";
import { repo } from "./helpers.js";

describe("the committed JSON Schema", () => {
  const schema = JSON.parse(inventoryJsonSchema()) as Record<string, any>;

  it("is current: run `npx mcquad schema` after changing src/inventory/schema.ts", () => {
    expect(readFileSync(join(repo, SCHEMA_FILE), "utf8")).toBe(inventoryJsonSchema());
  });

  it("is declared by services.yaml for yaml-language-server", () => {
    expect(readFileSync(join(repo, "services.yaml"), "utf8").split("\n")[0]).toBe(`# yaml-language-server: $schema=./${SCHEMA_FILE}`);
  });

  it("is draft-07, strict about keys, and describes the fields editors show on hover", () => {
    expect(schema["$schema"]).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema["required"]).toEqual(["version", "platform", "hosts", "stages", "services"]);
    const service = schema["properties"]["services"]["additionalProperties"];
    expect(service["additionalProperties"]).toBe(false);
    expect(service["required"]).toEqual(["stage", "image"]);
    for (const key of ["stage", "image", "ports", "requires", "wants", "health", "pull"]) expect(service["properties"][key]["description"], key).toMatch(/\S/);
    expect(service["properties"]["pull"]["enum"]).toEqual(["never", "missing", "always", "newer"]);
  });
});
