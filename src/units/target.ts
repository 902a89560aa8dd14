// Stage targets: plain systemd units (Quadlet ignores .target files in its folders, REFERENCE §2),
// installed as user units. Each requires and follows the previous stage. Its services attach
// themselves with [Install] RequiredBy= in their .container files; a target's default
// dependencies then order it after them (systemd.target(5)), so a stage is reached only once all
// its services are healthy, and a failed service fails its stage and everything after it.
import type { Inventory, Service, Stage } from "../inventory/model.js";
import { type Entry, type Section, type UnitFile, type UnitKey, entry, nonEmpty } from "./model.js";
import { quoteText } from "./quote.js";
import { stageTargetName } from "./naming.js";
import { generatedHeader } from "./header.js";

export function buildStageTarget(stage: Stage, inventory: Inventory, services: readonly Service[], source: string): UnitFile {
  const previous = inventory.stages[stage.index - 2];
  const last = stage.index === inventory.stages.length;
  const members = services.filter((s) => s.stage === stage.index).map((s) => s.name);
  return {
    fileName: stageTargetName(stage),
    header: [
      ...generatedHeader(source, `stages[${stage.index - 1}]`),
      "",
      `Stage ${stage.index} of ${inventory.stages.length}: ${stage.description}.`,
      `Services: ${members.length ? members.join(", ") : "(none)"}.`,
      ...stage.pending.map((p) => `Pending, no unit generated: ${p.name}: ${p.reason}.`),
    ],
    sections: nonEmpty([
      { name: "Unit", entries: unitEntries(stage, inventory, previous) },
      installSection(last),
    ]),
  };
}

function unitEntries(stage: Stage, inventory: Inventory, previous: Stage | undefined): Entry<UnitKey>[] {
  const previousTarget = previous ? stageTargetName(previous) : undefined;
  return [
    ...entry("Description", quoteText(`${inventory.platform.name} stage ${stage.index}: ${stage.description}`)),
    ...entry("Requires", previousTarget),
    ...entry("After", previousTarget),
    // Units in the user unit folders are read by every user's manager (root's included): only the
    // platform user's should act on them. The uid, not the name, is what podman's storage is tied to.
    ...entry("ConditionUser", inventory.platform.uid),
  ];
}

/** The last stage is what a lingering user manager starts at boot (there is no multi-user.target there). */
function installSection(last: boolean): Section {
  return { name: "Install", entries: entry("WantedBy", last ? "default.target" : undefined) };
}
