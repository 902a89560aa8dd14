// The door (src/door/units.ts) on NixOS: the same unit texts as out/system/, read from the files
// beside the module, so what the end-to-end test boots from out/system/ is what NixOS installs.
// NixOS ignores a unit text's [Install]: the door file's wantedBy is given as NixOS's own.
// Units go to systemd.units (the text as written); the user manager's drop-in is a package's
// file (systemd.packages), which keeps its own name: `systemd.services."user@850"` with
// overrideStrategy = "asDropin" would write overrides.conf, and hide NixOS's own
// user@.service.d/overrides.conf for this user.
import { buildDoor, type DoorFile } from "../door/units.js";
import { attr, attrs, code, quoteString, str, strings, type NixAttr } from "./nix.js";
import type { ModuleContext, NixSection } from "./context.js";
import { unitText } from "./install.js";

export function doorSections(ctx: ModuleContext): NixSection[] {
  const p = ctx.inventory.platform;
  const files = buildDoor(ctx);
  const units = files.filter((f) => !f.dropIn);
  const dropIns = files.filter((f) => f.dropIn);
  return [
    {
      comments: [
        `The door, as in system/ beside this module: \`systemctl start <stage>.target\` as root brings ${p.name} up to that stage through the user manager of ${p.user}, waits until it is healthy, and fails naming the stage that did not come up (\`systemctl status <stage>-start.service\`). \`systemctl stop <stage>.target\` stops that stage and every later one.`,
      ],
      attrs: units.map(unitAttr),
    },
    ...(dropIns.length
      ? [{
          comments: ["The user manager's drop-in, under its own name (a file named like NixOS's user@.service.d/overrides.conf would hide it for this user)."],
          attrs: [attr(["systemd", "packages"], dropIns.map((f) => code(`(pkgs.writeTextDir ${quoteString(str(`etc/systemd/system/${f.path.slice("system/".length)}`))} ${unitText(f.path)})`)))],
        }]
      : []),
  ];
}

function unitAttr(f: DoorFile): NixAttr {
  const text = attr("text", code(unitText(f.path)));
  return f.wantedBy.length
    ? attr(["systemd", "units", f.unitName], attrs(text, attr("wantedBy", strings(f.wantedBy))))
    : attr(["systemd", "units", f.unitName, "text"], code(unitText(f.path)));
}

/** The door's files among the module's bindings (install.ts reads them like the units). */
export const doorPaths = (ctx: ModuleContext): string[] => buildDoor(ctx).map((f) => f.path);

