// The templates, read from the package's templates/ folder (I/O kept out of the pipeline).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileTemplate, type Template } from "./render.js";
import type { RunbookTemplate } from "../runbook/view.js";
import type { ModuleTemplate, ModuleView } from "../nixos/module.js";

function readTemplate(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../templates/${name}`, import.meta.url)), "utf8");
}

export function loadUnitTemplate(): Template {
  return compileTemplate(readTemplate("unit.hbs"));
}

export function loadRunbookTemplate(): RunbookTemplate {
  return compileTemplate(readTemplate("runbook.hbs"));
}

export function loadModuleTemplate(): ModuleTemplate {
  return compileTemplate<ModuleView>(readTemplate("nixos.hbs"));
}
