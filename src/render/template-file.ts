// The templates the pipeline prints with (I/O kept out of the pipeline).
import { compiledTemplate } from "./template-source.js";
import type { Template, UnitView } from "./render.js";
import type { RunbookTemplate, RunbookView } from "../runbook/view.js";
import type { ModuleTemplate, ModuleView } from "../nixos/view.js";
import type { CheckCommandTemplate, CheckCommandView } from "../checks/view.js";
import type { ApplyTemplate, ApplyView } from "../apply/view.js";

export const loadUnitTemplate = (): Template => compiledTemplate<UnitView>("unit.hbs");

export const loadRunbookTemplate = (): RunbookTemplate => compiledTemplate<RunbookView>("runbook.hbs");

export const loadModuleTemplate = (): ModuleTemplate => compiledTemplate<ModuleView>("nixos.hbs");

export const loadCheckTemplate = (): CheckCommandTemplate => compiledTemplate<CheckCommandView>("mcquad-check.hbs");
export const loadApplyTemplate = (): ApplyTemplate => compiledTemplate<ApplyView>("apply.hbs");
