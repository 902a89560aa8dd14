// The host check command on the system's PATH: the script generated beside the module
// (system/mcquad-check), read at evaluation time like the units, so the host runs what
// `mcquad check` compares with the inventory. writeShellScriptBin puts its own bash #! line
// first; the script's #!/bin/sh then is a comment, and it is plain POSIX shell either way.
import { attr, code, type NixAttr } from "./nix.js";
import type { ModuleContext, NixSection } from "./context.js";
import { CHECK_COMMAND, checkCommandFile } from "../checks/script.js";

export function checkCommandSections(ctx: ModuleContext): NixSection[] {
  const install: NixAttr = attr(["environment", "systemPackages"], [code(`(pkgs.writeShellScriptBin "${CHECK_COMMAND}" (builtins.readFile ./${checkCommandFile}))`)]);
  return [
    {
      comments: [
        `\`${CHECK_COMMAND}\` (as root or ${ctx.inventory.platform.user}): the prerequisites, every stage and unit, who owns each container, and the checks of ${ctx.source} that run on this host; \`--json\` for the same as JSON.`,
        "The inventory's own checks call their tools (dig, curl, tailscale…) from the system's PATH.",
      ],
      attrs: [install],
    },
  ];
}
