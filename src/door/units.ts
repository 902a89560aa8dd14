// The door: `systemctl start <stage>.target` as root brings the platform up to that stage through
// the platform user's manager, which stays the mechanism (REFERENCE §6). One model, derived from
// the boot plan and rendered twice: as plain system units in out/system/ and, with the same text,
// by the NixOS module (src/nixos/door.ts). Per stage, in the system manager:
//   <stage>.target         Requires=/After= <stage>-start.service and the previous stage's door,
//                          Wants= <stage>-stop.service
//   <stage>-start.service  as the platform user: checks its ids, then `systemctl --user start
//                          <stage>.target`; blocks until the stage is healthy, fails when it does
//                          not come up, and then names the stage and what failed (ExecStopPost=)
//   <stage>-stop.service   After=/PartOf= the target: stopping the door stops the stage and every
//                          later one (the units only Want= the stage before: nothing propagates)
// and once per host: the ids check, the address wait, the user manager's drop-in.
// Each detail of the start and stop sides was found by a failure on a booted system (REFERENCE
// §6): RemainAfterExit=no on the start side (with yes, a start during a stop leaves the door
// active and the containers down); User= with XDG_RUNTIME_DIR (`systemctl --user -M` opens a
// session per call); Wants= the network (Quadlet's user units wait 90 s for network-online.target,
// which nothing else may pull in); a separate stop side, since stopping a target stops nothing it
// requires and returns at once.
import type { Stage } from "../inventory/model.js";
import { type Entry, type ServiceKey, type UnitFile, type UnitKey, entry, nonEmpty } from "../units/model.js";
import { serviceUnitName, stageTargetName } from "../units/naming.js";
import { quoteText } from "../units/quote.js";
import { generatedHeader } from "../units/header.js";
import { hostShell } from "../units/host-shell.js";
import { addressProviders, doorStart, perContext, doorStop, doorTarget, runtimeDir, servicesOfStage, servicesOnProvidedAddresses, userManager, type HostContext } from "../host/context.js";
import { ADDRESS_WAIT_SEC, addressWait, failureReport, idsCheck, startStage, stopStages } from "./scripts.js";

export interface DoorFile {
  /** The unit it installs, or for a drop-in the unit it extends (`user@850.service`). */
  readonly unitName: string;
  /** Relative to the host's folder: `system/<unit>` or `system/<unit>.d/<name>.conf`. */
  readonly path: string;
  readonly dropIn: boolean;
  /** [Install] WantedBy=, also in the text: what `systemctl enable` links, and NixOS's wantedBy. */
  readonly wantedBy: readonly string[];
  readonly unit: UnitFile;
}

export const SYSTEM_DIR = "system";
/** Beyond the stage's worst case: the user manager's wait for the network (90 s) and room. */
const startMarginSec = 120;
/** systemd's DefaultTimeoutStopSec (systemd-system.conf(5)), which bounds each container's stop. */
const stopPerWaveSec = 90;

export const idsUnit = (ctx: HostContext): string => `mcquad-ids-${ctx.inventory.platform.user}.service`;
export const addressUnit = (ctx: HostContext): string => `mcquad-addresses-${ctx.inventory.platform.user}.service`;

export function buildDoor(ctx: HostContext): DoorFile[] {
  return [
    ...ctx.inventory.stages.flatMap((stage) => [doorTargetFile(ctx, stage), startFile(ctx, stage), stopFile(ctx, stage)]),
    idsFile(ctx),
    ...(providedIps(ctx).length ? [addressFile(ctx)] : []),
    ...userManagerDropIn(ctx),
  ];
}

function file(ctx: HostContext, unitName: string, from: string, lines: readonly string[], unit: Entry<UnitKey>[], service: Entry<ServiceKey>[], wantedBy: string[] = []): DoorFile {
  return {
    unitName,
    path: `${SYSTEM_DIR}/${unitName}`,
    dropIn: false,
    wantedBy,
    unit: {
      fileName: unitName,
      header: [...generatedHeader(ctx.source, from), "", ...lines],
      sections: nonEmpty([
        { name: "Unit", entries: unit },
        { name: "Service", entries: service },
        { name: "Install", entries: entry("WantedBy", wantedBy.length ? wantedBy.join(" ") : undefined) },
      ]),
    },
  };
}

const list = (units: readonly string[]): string | undefined => (units.length ? units.join(" ") : undefined);
const previousDoor = (ctx: HostContext, stage: Stage): string[] => {
  const previous = ctx.inventory.stages[stage.index - 2];
  return previous ? [doorTarget(previous)] : [];
};

function doorTargetFile(ctx: HostContext, stage: Stage): DoorFile {
  const { platform, stages } = ctx.inventory;
  const deps = [doorStart(stage), ...previousDoor(ctx, stage)];
  // start: door: boot is finished once the platform is healthy; a failing container leaves the
  // system degraded (REFERENCE §6). Exactly one of door and user manager starts it at boot.
  const boots = stage.index === stages.length && ctx.host.start === "door";
  return file(ctx, doorTarget(stage), `stages[${stage.index - 1}]`, [`Stage ${stage.index} of ${stages.length} in the system manager: \`systemctl start ${doorTarget(stage)}\` as root.`], [
    ...entry("Description", quoteText(`${platform.name} stage ${stage.index}: ${stage.description} (door to ${platform.user}'s user manager)`)),
    ...entry("Requires", list(deps)),
    ...entry("After", list(deps)),
    ...entry("Wants", doorStop(stage)),
  ], [], boots ? ["multi-user.target"] : []);
}

function startFile(ctx: HostContext, stage: Stage): DoorFile {
  const { platform } = ctx.inventory;
  const waits = ["network-online.target", ...addressProviders(ctx)];
  const required = [...(providedIps(ctx).length ? [addressUnit(ctx)] : []), ...previousDoor(ctx, stage)];
  return file(ctx, doorStart(stage), `stages[${stage.index - 1}]`, [`Starts ${stageTargetName(stage)} in the user manager of ${platform.user} and waits until it is healthy; \`systemctl status ${doorStart(stage)}\` names what failed.`], [
    ...entry("Description", quoteText(`Start ${stageTargetName(stage)} in ${platform.user}'s user manager`)),
    ...entry("Requires", list(required)),
    // Wants=, not Requires=: when the ids are wrong, the user manager cannot start and the ids
    // unit has failed; the ids check below must still run and say why, here.
    ...entry("Wants", list([userManager(ctx), idsUnit(ctx), ...waits])),
    ...entry("After", list([userManager(ctx), idsUnit(ctx), ...waits, ...required])),
  ], [
    ...entry("Type", "oneshot"),
    ...entry("RemainAfterExit", "no"),
    ...asPlatformUser(ctx),
    // To read the user's journal for the report.
    ...entry("SupplementaryGroups", "systemd-journal"),
    ...entry("TimeoutStartSec", `${startTimeoutSec(ctx, stage)}s`),
    ...entry("ExecStartPre", hostShell(idsCheck(ctx))),
    ...entry("ExecStart", hostShell(startStage(stage))),
    ...entry("ExecStopPost", hostShell(failureReport(ctx, stage, servicesOfStage(ctx, stage).map((s) => serviceUnitName(s.name))))),
  ]);
}

const asPlatformUser = (ctx: HostContext): Entry<ServiceKey>[] => [
  ...entry("User", ctx.inventory.platform.user),
  ...entry("Environment", `XDG_RUNTIME_DIR=${runtimeDir(ctx)}`),
];

/**
 * The stage's worst case (`mcquad plan`) and room for the user manager and the network. The
 * earlier stages are up by then: this door is ordered after the previous stage's.
 */
function startTimeoutSec(ctx: HostContext, stage: Stage): number {
  const here = new Set(ctx.services.map((s) => s.name));
  const worst = ctx.plan.services.filter((s) => here.has(s.name) && s.stage === stage.index).map((s) => s.worstCaseSec);
  return Math.ceil(Math.max(0, ...worst)) + startMarginSec;
}

function stopFile(ctx: HostContext, stage: Stage): DoorFile {
  const { platform, stages } = ctx.inventory;
  const later = stages.slice(stage.index - 1);
  const units = [...later.map(stageTargetName), ...later.flatMap((s) => servicesOfStage(ctx, s).map((x) => serviceUnitName(x.name)))];
  return file(ctx, doorStop(stage), `stages[${stage.index - 1}]`, [`Stopping ${doorTarget(stage)} stops stage ${stage.index} and every later one in the user manager of ${platform.user}.`], [
    ...entry("Description", quoteText(`Stop ${stageTargetName(stage)} in ${platform.user}'s user manager with its door`)),
    // Stopped before the user manager and the address providers, at poweroff too.
    ...entry("After", list([doorTarget(stage), userManager(ctx), ...addressProviders(ctx)])),
    ...entry("PartOf", doorTarget(stage)),
    // A restart on a NixOS switch would stop the containers (ExecStop=) and start nothing.
    ...entry("X-RestartIfChanged", "false"),
  ], [
    ...entry("Type", "oneshot"),
    ...entry("RemainAfterExit", "yes"),
    ...asPlatformUser(ctx),
    ...entry("TimeoutStopSec", `${stopTimeoutSec(ctx, stage)}s`),
    ...entry("ExecStop", hostShell(stopStages(units))),
  ]);
}

/** systemd's default stop timeout for each wave of this stage and every later one. */
function stopTimeoutSec(ctx: HostContext, stage: Stage): number {
  const here = new Set(ctx.services.map((s) => s.name));
  const waves = ctx.graph.waves.slice(stage.index - 1).flatMap((stageWaves) => stageWaves.filter((w) => w.some((s) => here.has(s.name))));
  return Math.max(1, waves.length) * stopPerWaveSec;
}

function idsFile(ctx: HostContext): DoorFile {
  const { user, uid, gid } = ctx.inventory.platform;
  return file(ctx, idsUnit(ctx), "platform", [`At boot, and before every start of the door: ${user} must still have uid ${uid} and gid ${gid}.`], [
    ...entry("Description", quoteText(`Check that ${user} still has uid ${uid} and gid ${gid}, which its units are for`)),
  ], [
    ...entry("Type", "oneshot"),
    ...entry("RemainAfterExit", "yes"),
    ...entry("ExecStart", hostShell(idsCheck(ctx))),
  ], ["multi-user.target"]);
}

const providedIps = perContext((ctx): readonly string[] => [...new Set(servicesOnProvidedAddresses(ctx).flatMap((b) => b.ips))].sort());

function addressFile(ctx: HostContext): DoorFile {
  const ips = providedIps(ctx);
  const providers = addressProviders(ctx);
  const bound = servicesOnProvidedAddresses(ctx).map((b) => b.service.name).join(", ");
  return file(ctx, addressUnit(ctx), "hosts", [
    `${bound} bind ${ips.join(", ")}, which ${providers.join(", ")} brings up. A provider that is active may not have the address yet: this waits for the address itself, at most ${ADDRESS_WAIT_SEC}s.`,
  ], [
    ...entry("Description", quoteText(`Wait until ${ips.join(" ")} is on an interface (${providers.join(", ")})`)),
    ...entry("Wants", list(providers)),
    ...entry("After", list(providers)),
  ], [
    ...entry("Type", "oneshot"),
    ...entry("RemainAfterExit", "yes"),
    ...entry("TimeoutStartSec", `${ADDRESS_WAIT_SEC + 30}s`),
    ...entry("ExecStart", hostShell(addressWait(ips))),
  ]);
}

/**
 * The platform user's manager, when it must wait: for the addresses (address_wait:
 * order-user-manager), so nothing it starts at linger time or on a restart races them; for the
 * network when it starts the platform at boot (start: user-manager: Quadlet's user units wait for
 * network-online.target, which nothing else may pull in, REFERENCE §6). Wants=, not Requires=, so
 * that no restart of these reaches the user manager. Its own drop-in name: a file named like one
 * of user@.service.d/ would hide that one for this user (systemd.unit(5), "drop-in").
 */
function userManagerDropIn(ctx: HostContext): DoorFile[] {
  const addresses = ctx.host.addressWait === "order-user-manager" && providedIps(ctx).length ? [addressUnit(ctx)] : [];
  const network = ctx.host.start === "user-manager" ? ["network-online.target"] : [];
  const wants = [...addresses, ...network];
  if (wants.length === 0) return [];
  const name = `mcquad-${ctx.inventory.platform.user}.conf`;
  return [{
    unitName: userManager(ctx),
    path: `${SYSTEM_DIR}/${userManager(ctx)}.d/${name}`,
    dropIn: true,
    wantedBy: [],
    unit: {
      fileName: name,
      header: [...generatedHeader(ctx.source, "hosts"), "", `A drop-in for the user manager of ${ctx.inventory.platform.user}, which runs every container.`],
      sections: [{ name: "Unit", entries: [
        ...entry("Wants", list(wants)),
        ...entry("After", list(wants)),
        // Never restarted on a NixOS switch: that would stop every container.
        ...entry("X-RestartIfChanged", "false"),
      ] }],
    },
  }];
}
