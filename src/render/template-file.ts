// The unit template, read from the package's templates/ folder (I/O kept out of the pipeline).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileTemplate, type Template } from "./render.js";

export function loadUnitTemplate(): Template {
  const url = new URL("../../templates/unit.hbs", import.meta.url);
  return compileTemplate(readFileSync(fileURLToPath(url), "utf8"));
}
