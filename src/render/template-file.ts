// The templates, read from the package's templates/ folder (I/O kept out of the pipeline).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../paths.js";
import { compileTemplate, type Template } from "./render.js";
import type { RunbookTemplate } from "../runbook/view.js";
import type { ModuleTemplate, ModuleView } from "../nixos/module.js";

function readTemplate(name: string): string {
  return readFileSync(join(packageRoot, "templates", name), "utf8");
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
