// services.schema.json is what `mcquad schema` writes today, and services.yaml points editors at it.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import yaml from "js-yaml";
import { join } from "node:path";
import { inventoryJsonSchema, SCHEMA_FILE } from "../src/inventory/json-schema.js";
import type { GenerateResult } from "../src/generate.js";
import { generateFile, generateText, repo } from "./helpers.js";

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

// A real JSON Schema validator (ajv, draft-07 as the schema declares) reads what editors read:
// the schema compiles under ajv's strict mode, accepts every valid inventory, is never stricter
// than mcquad (what it rejects, mcquad rejects), and rejects the mistakes it describes.
describe("services.schema.json in a real validator (ajv)", () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(join(repo, SCHEMA_FILE), "utf8")) as object);
  const valid = ["services.yaml", "test/fixtures/small/services.yaml", "test/e2e/fixtures/quoting.yaml"];
  const invalidDir = join(repo, "test", "fixtures", "invalid");
  const invalid = readdirSync(invalidDir).filter((f) => f.endsWith(".yaml")).map((f) => join("test", "fixtures", "invalid", f));
  const data = (file: string) => yaml.load(readFileSync(join(repo, file), "utf8"));
  const errors = (r: GenerateResult) => r.findings.filter((f) => f.severity === "error");

  it.each(valid)("accepts %s", (file) => {
    expect(validate(data(file)), JSON.stringify(validate.errors)).toBe(true);
    expect(errors(generateFile(join(repo, file)))).toEqual([]);
  });

  // YAML that is no YAML (a syntax error, a tag no schema knows) never reaches a schema.
  it.each(invalid.filter((f) => !/\/yaml-(syntax|unknown-tag|unterminated-quote)\.yaml$/.test(f)))("is never stricter than mcquad: %s", (file) => {
    if (!validate(data(file))) expect(errors(generateFile(join(repo, file))).length).toBeGreaterThan(0);
  });

  it.each([
    ["a misspelled key", (t: string) => t.replace("    requires: [mcr-api]", "    requies: [mcr-api]"), "additionalProperties"],
    ["a pull policy podman does not have", (t: string) => t.replace("    pull: never              # starts", "    pull: sometimes              # starts"), "enum"],
    ["a service without an image", (t: string) => t.replace("    image: mcns:v1.2.0\n", ""), "required"],
  ])("rejects %s, as mcquad does", (_what, edit, keyword) => {
    const text = edit(readFileSync(join(repo, "services.yaml"), "utf8"));
    expect(text).not.toBe(readFileSync(join(repo, "services.yaml"), "utf8"));
    expect(validate(yaml.load(text))).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
    expect(errors(generateText(text)).length).toBeGreaterThan(0);
  });

  it("rejects the missing field of its fixture", () => {
    expect(validate(data("test/fixtures/invalid/missing-field.yaml"))).toBe(false);
  });
});
