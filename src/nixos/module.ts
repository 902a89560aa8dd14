// One host's NixOS module, as a model: header comments, the `let` bindings, then sections of
// attributes. Everything host-specific comes from the inventory through ModuleContext; the
// template (templates/nixos.hbs) only lays the printed lines out. It is one of a host's documents
// (src/generate.ts); the template arrives compiled, like the unit template.
import type { Host } from "../inventory/model.js";
import type { Model } from "../analyze.js";
import type { HostDocument } from "../generate.js";
import { normalizeText } from "../render/render.js";
import { generatedHeader } from "../units/header.js";
import { byCodeUnit } from "../report/finding.js";
import { printAttr, printComments, type NixAttr } from "./nix.js";
import type { ModuleContext, NixSection } from "./context.js";
import { userSection } from "./user.js";
import { addressWaitSections, podmanSection, sysctlSections, userManagerSections } from "./host.js";
import { installSections, unitBindings } from "./install.js";
import { doorSections } from "./door.js";
import { applySections } from "./apply.js";

/** The module's name in the output folder, beside the units it reads. */
export const moduleFileName = "nixos.nix";

export interface NixModule {
  readonly fileName: string;
  /** Comment lines, without `# `. */
  readonly header: readonly string[];
  readonly bindings: readonly NixAttr[];
  readonly sections: readonly NixSection[];
}

export function moduleContext(host: Host, model: Model, source: string): ModuleContext {
  const built = model.units.find((u) => u.host.name === host.name)?.units ?? [];
  return {
    host,
    inventory: model.inventory,
    graph: model.graph,
    plan: model.plan,
    services: model.graph.order.filter((s) => s.host === host.name),
    files: built.map((u) => u.unit.fileName).sort(byCodeUnit),
    source,
  };
}

export function buildNixosModule(ctx: ModuleContext): NixModule {
  const { platform } = ctx.inventory;
  return {
    fileName: moduleFileName,
    header: [
      ...generatedHeader(ctx.source),
      "",
      `The NixOS side of ${platform.name} on host ${ctx.host.name}, from the same inventory as the units beside this file: the platform user, podman, the units, the door (\`systemctl start <stage>.target\`) and apply on switch. Import it from the host's configuration, with the units beside it:`,
      // With several hosts, out/ holds a folder per host (src/generate.ts).
      `  imports = [ ./out/${ctx.inventory.hosts.length > 1 ? `${ctx.host.name}/` : ""}${moduleFileName} ];`,
    ],
    bindings: unitBindings(ctx),
    sections: [
      userSection(ctx),
      podmanSection(),
      ...sysctlSections(ctx),
      ...installSections(ctx),
      ...userManagerSections(ctx),
      ...addressWaitSections(ctx),
      ...doorSections(ctx),
      ...applySections(ctx),
    ],
  };
}

/** What the template prints: comment lines, and the bindings and body as indented lines. */
export interface ModuleView {
  readonly header: readonly string[];
  readonly bindings: readonly string[];
  readonly body: readonly string[];
}

export function moduleView(module: NixModule): ModuleView {
  const indent = "  ";
  return {
    header: printComments(module.header, ""),
    bindings: module.bindings.flatMap((a) => printAttr(a, indent)),
    body: module.sections.flatMap((s, i) => [
      ...(i > 0 ? [""] : []),
      ...printComments(s.comments, indent),
      ...s.attrs.flatMap((a) => printAttr(a, indent)),
    ]),
  };
}

export type ModuleTemplate = (view: ModuleView) => string;

export const nixosModuleDocument: HostDocument = (host, model, _units, options) => {
  const module = buildNixosModule(moduleContext(host, model, options.source));
  return new Map([[module.fileName, normalizeText(options.moduleTemplate(moduleView(module)))]]);
};
