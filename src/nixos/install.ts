// Installing the generated units: the .container files where the platform user's Quadlet
// generator reads them (/etc/containers/systemd/users/<uid>/, podman-systemd.unit(5)), the stage
// targets as user units (Quadlet ignores .target files). Their text is read from the files beside
// the module, so what the host gets is what `mcquad check` compares with the inventory.
import { attr, attrName, attrs, code, quoteString, str, strings, type NixAttr } from "./nix.js";
import type { ModuleContext, NixSection } from "./context.js";
import { stageTargetName } from "../units/naming.js";

/** `units."<file>"`: the let binding every other part reads a unit's text through. */
export const unitText = (file: string): string => `units.${attrName(file)}`;

/** `units = { "<file>" = builtins.readFile ./<file>; … };`, the door's files in system/ included. */
export function unitBindings(ctx: ModuleContext, doorPaths: readonly string[]): NixAttr[] {
  return [
    attr(
      "units",
      attrs(...[...ctx.files, ...doorPaths].map((f) => attr(f, code(`builtins.readFile ${nixPath(f)}`)))),
      ["The unit files and scripts beside this module, read at evaluation time."],
    ),
  ];
}

/** A path relative to the module: a literal where Nix's path syntax allows it (no `@`). */
const nixPath = (file: string): string => (/^[A-Za-z0-9._+/-]+$/.test(file) ? `./${file}` : `(./. + ${quoteString(str(`/${file}`))})`);

export function installSections(ctx: ModuleContext): NixSection[] {
  const uid = ctx.inventory.platform.uid;
  const containers = ctx.files.filter((f) => f.endsWith(".container"));
  const targets = ctx.files.filter((f) => f.endsWith(".target"));
  const last = ctx.inventory.stages.at(-1);
  // NixOS ignores a unit text's [Install]: what a target is linked into is decided here.
  const bootTarget = ctx.host.start === "user-manager" && last ? stageTargetName(last) : undefined;
  return [
    {
      comments: [`Quadlet units of ${ctx.inventory.platform.user}, the platform user (uid ${uid}).`],
      attrs: containers.map((f) => attr(["environment", "etc", `containers/systemd/users/${uid}/${f}`, "text"], code(unitText(f)))),
    },
    {
      comments: [
        "The stage targets, as user units (every user's manager reads them; ConditionUser= scopes them).",
        ...(bootTarget
          ? [`The user manager starts ${bootTarget} at boot (start: user-manager), and the door is only for operators.`]
          : ["Not linked into the user manager's default.target: at boot the door starts them (start: door), once the addresses and the network are up. The user manager starts earlier, at linger time: never both."]),
      ],
      attrs: targets.map((f) =>
        f === bootTarget
          ? attr(["systemd", "user", "units", f], attrs(attr("text", code(unitText(f))), attr("wantedBy", strings(["default.target"]))))
          : attr(["systemd", "user", "units", f, "text"], code(unitText(f))),
      ),
    },
  ];
}
