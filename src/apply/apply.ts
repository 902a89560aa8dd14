// The apply step: one generated script, `system/mcquad-apply`, that brings the running platform to
// the units beside it. The NixOS module runs it on switch; other hosts run it after installing the
// units (README). It needs the new definitions and the ones applied last: the new ones are printed
// into it here (unit, stage, target, image, hash of the unit text), the old ones it keeps in a
// state file. The decisions (what changed, image first, stage order, stop at the first failure)
// are the script's, at run time: templates/apply.hbs.
import { createHash } from "node:crypto";
import type { Stage } from "../inventory/model.js";
import type { HostDocument } from "../host/document.js";
import type { ApplyView } from "./view.js";
import { normalizeText } from "../render/render.js";
import { generatedHeader } from "../units/header.js";
import { printComments } from "../nixos/nix.js";
import { containerFileName, serviceUnitName, stageTargetName } from "../units/naming.js";

/** Where the script goes in a host's folder: beside the system-side units. */
export const applyFileName = "system/mcquad-apply";

/** The lock one run holds, in the platform user's runtime folder (named in the runbook too). */
export const applyLockName = "mcquad-apply.lock";

/** sha256 of a unit's text as written to out/: what `sha256sum` gives for the installed file. */
export const unitHash = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

export const applyDocument: HostDocument = (host, model, units, options) => {
  const { inventory } = model;
  const p = inventory.platform;
  const definitions = model.graph.order
    .filter((s) => s.host === host.name)
    .map((s) => {
      const stage = inventory.stages[s.stage - 1] as Stage;
      return [serviceUnitName(s.name), String(stage.index), stageTargetName(stage), s.image, unitHash(units.get(containerFileName(s)) ?? "")].join(" ");
    });
  const header = [
    ...generatedHeader(options.source),
    "",
    `Applies the units beside it to ${p.name}'s running platform on ${host.name}, as ${p.user}: for each changed or new service, in stage order, its image into storage first (pulled if missing, whatever Pull= says), then a restart of that service alone, healthy before the next one; stops removed services; restarts nothing when nothing changed. Exit 1, naming the service and the image, at the first failure; nothing later is touched. Run it after installing the units (the NixOS module runs it on switch).`,
  ];
  const view: ApplyView = {
    header: printComments(header, ""),
    user: p.user,
    uid: p.uid,
    home: p.home,
    runtimeDir: `/run/user/${p.uid}`,
    definitions,
    lockName: applyLockName,
  };
  return new Map([[applyFileName, normalizeText(options.applyTemplate(view))]]);
};
