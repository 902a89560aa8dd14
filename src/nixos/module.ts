// One host's NixOS module, as a model: header comments, the `let` bindings, then sections of
// attributes. Everything host-specific comes from the inventory through ModuleContext; the
// template (templates/nixos.hbs) only lays the printed lines out. It is one of a host's documents
// (src/host/document.ts); the template arrives compiled, like the unit template.
import type { HostDocument } from "../host/document.js";
import { hostContext } from "../host/context.js";
import type { ModuleView } from "./view.js";
import { normalizeText } from "../render/render.js";
import { generatedHeader } from "../units/header.js";
import { printAttr, printComments, type NixAttr } from "./nix.js";
import type { ModuleContext, NixSection } from "./context.js";
import { subIdBindings, userSection } from "./user.js";
import { addressWaitSections, podmanSection, sysctlSections } from "./host.js";
import { installSections, unitBindings } from "./install.js";
import { doorPaths, doorSections } from "./door.js";
import { checkCommandSections } from "./check-command.js";
import { applyPaths, applySections } from "./apply.js";

/** The module's name in the output folder, beside the units it reads. */
export const moduleFileName = "nixos.nix";

export interface NixModule {
  readonly fileName: string;
  /** Comment lines, without `# `. */
  readonly header: readonly string[];
  readonly bindings: readonly NixAttr[];
  readonly sections: readonly NixSection[];
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
    bindings: [...unitBindings(ctx, [...doorPaths(ctx), ...applyPaths(ctx)]), ...subIdBindings(ctx)],
    sections: [
      userSection(ctx),
      podmanSection(),
      ...sysctlSections(ctx),
      ...installSections(ctx),
      ...addressWaitSections(ctx),
      ...doorSections(ctx),
      ...applySections(ctx),
      ...checkCommandSections(ctx),
    ],
  };
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

export const nixosModuleDocument: HostDocument = (host, model, _units, options) => {
  const module = buildNixosModule(hostContext(host, model, options.source));
  return new Map([[module.fileName, normalizeText(options.moduleTemplate(moduleView(module)))]]);
};
