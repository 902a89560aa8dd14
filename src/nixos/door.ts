// The door: `systemctl start <stage>.target` as root brings the platform up to that stage through
// the platform user's manager, which stays the mechanism. Per stage, in the system manager:
//   <stage>.target         Requires=/After= <stage>-start.service and the previous stage's door,
//                          Wants= <stage>-stop.service
//   <stage>-start.service  as the platform user: `systemctl --user start <stage>.target`; blocks
//                          until the stage is healthy, fails when it does not come up, and then
//                          names the stage and what failed (ExecStopPost=)
//   <stage>-stop.service   After=/PartOf= the target: stopping the door stops the stage
// Each detail was found by a failure on a booted system (REFERENCE §6): RemainAfterExit=no on the
// start side (with yes, a start during a stop leaves the door active and the containers down);
// User= with XDG_RUNTIME_DIR (`systemctl --user -M` opens a session per call); Wants= the network
// (Quadlet's user units wait 90 s for network-online.target, which nothing else may pull in); a
// separate stop side, since stopping a target stops nothing it requires and returns at once.
import type { Stage } from "../inventory/model.js";
import { stageTargetName, serviceUnitName } from "../units/naming.js";
import { quoteText } from "../units/quote.js";
import { shellWord } from "../units/health-cmd.js";
import { attr, attrs, str, strings, type NixAttr } from "./nix.js";
import { addressProviders, doorStart, doorStop, doorTarget, runtimeDir, servicesOfStage, systemdTool, userManager, withoutSuffix, type ModuleContext, type NixSection } from "./context.js";

/** Beyond the stage's own worst case: the user manager's wait for the network (90 s) and room. */
const startMarginSec = 120;
/** systemd's DefaultTimeoutStopSec (systemd-system.conf(5)), which bounds each container's stop. */
const stopPerWaveSec = 90;

export function doorSections(ctx: ModuleContext): NixSection[] {
  const p = ctx.inventory.platform;
  const intro = [
    `The door: \`systemctl start <stage>.target\` as root brings ${p.name} up to that stage through the user manager of ${p.user}, waits until it is healthy, and fails naming the stage that did not come up (\`systemctl status <stage>-start.service\`). \`systemctl stop <stage>.target\` stops that stage and every later one.`,
  ];
  return ctx.inventory.stages.map((stage, i) => ({ comments: i === 0 ? intro : [], attrs: stageDoor(ctx, stage) }));
}

function stageDoor(ctx: ModuleContext, stage: Stage): NixAttr[] {
  const { platform, stages } = ctx.inventory;
  const previous = stages[stage.index - 2];
  const before = previous ? [doorTarget(previous)] : [];
  const last = stage.index === stages.length && ctx.host.start === "door";
  const target = attrs(
    attr("description", str(quoteText(`${platform.name} stage ${stage.index}: ${stage.description} (door to ${platform.user}'s user manager)`))),
    attr("requires", strings([doorStart(stage), ...before])),
    attr("after", strings([doorStart(stage), ...before])),
    attr("wants", strings([doorStop(stage)])),
    ...(last ? [attr("wantedBy", strings(["multi-user.target"]), ["Boot is finished once the platform is healthy; a failing container leaves the system degraded."])] : []),
  );
  return [
    attr(["systemd", "targets", withoutSuffix(doorTarget(stage))], target),
    attr(["systemd", "services", withoutSuffix(doorStart(stage))], startSide(ctx, stage, before)),
    attr(["systemd", "services", withoutSuffix(doorStop(stage))], stopSide(ctx, stage)),
  ];
}

/** As the platform user, with its manager's runtime directory: what `systemctl --user` needs. */
const asPlatformUser = (ctx: ModuleContext): NixAttr[] => [
  attr("User", str(ctx.inventory.platform.user)),
  attr("Environment", str(`XDG_RUNTIME_DIR=${runtimeDir(ctx)}`)),
];

function startSide(ctx: ModuleContext, stage: Stage, before: readonly string[]) {
  const waitFor = ["network-online.target", ...addressProviders(ctx)];
  return attrs(
    attr("description", str(quoteText(`Start ${stageTargetName(stage)} in ${ctx.inventory.platform.user}'s user manager`))),
    attr("requires", strings([userManager(ctx), ...before])),
    attr("wants", strings(waitFor)),
    attr("after", strings([userManager(ctx), ...waitFor, ...before])),
    attr(
      "serviceConfig",
      attrs(
        attr("Type", str("oneshot")),
        attr("RemainAfterExit", false),
        ...asPlatformUser(ctx),
        // To read the user's journal for the report below.
        attr("SupplementaryGroups", str("systemd-journal")),
        attr("TimeoutStartSec", str(`${startTimeoutSec(ctx, stage)}s`), [`The stage's worst case (\`mcquad plan\`) and ${startMarginSec}s for the user manager and the network.`]),
        attr("ExecStart", systemdTool("systemctl", "--user", "start", stageTargetName(stage))),
      ),
    ),
    attr("postStop", report(ctx, stage), ["ExecStopPost=: after a failed start, name the stage and what failed in the user manager."]),
  );
}

function startTimeoutSec(ctx: ModuleContext, stage: Stage): number {
  const here = new Set(ctx.services.map((s) => s.name));
  const worst = ctx.plan.services.filter((s) => here.has(s.name) && s.stage === stage.index).map((s) => s.worstCaseSec);
  return Math.ceil(Math.max(0, ...worst)) + startMarginSec;
}

/** A shell script for NixOS's postStop (which NixOS runs with bash and `set -e`). */
function report(ctx: ModuleContext, stage: Stage) {
  const { platform, stages } = ctx.inventory;
  const what = `${stageTargetName(stage)} (stage ${stage.index} of ${stages.length}: ${stage.description}) did not come up in the user manager of ${platform.user}:`;
  return str(
    // systemd.exec(5): SERVICE_RESULT is "success" unless the start failed or timed out.
    'if [ "$SERVICE_RESULT" = success ]; then exit 0; fi\n',
    `echo ${shellWord(what)} "$SERVICE_RESULT"\n`,
    ...systemdTool("systemctl", "--user", "list-units", "--state=failed", "--plain", "--no-legend", "--full").parts,
    " | while read -r unit rest; do\n",
    '  echo "failed: $unit ($rest)"\n  ',
    ...systemdTool("journalctl", "--no-pager", "--lines=10", '--user-unit="$unit"').parts,
    " || true\ndone\n",
  );
}

/** Stops the stage's target and its services; every later stage requires them, and stops too. */
function stopSide(ctx: ModuleContext, stage: Stage) {
  const members = servicesOfStage(ctx, stage).map((s) => serviceUnitName(s.name));
  return attrs(
    attr("description", str(quoteText(`Stop ${stageTargetName(stage)} in ${ctx.inventory.platform.user}'s user manager with its door`))),
    // Stopped before the user manager and the address providers, at poweroff too.
    attr("after", strings([doorTarget(stage), userManager(ctx), ...addressProviders(ctx)])),
    attr("partOf", strings([doorTarget(stage)])),
    // A restart on switch would stop the containers (ExecStop=) and start nothing.
    attr("restartIfChanged", false),
    attr(
      "serviceConfig",
      attrs(
        attr("Type", str("oneshot")),
        attr("RemainAfterExit", true),
        ...asPlatformUser(ctx),
        attr("TimeoutStopSec", str(`${stopTimeoutSec(ctx, stage)}s`), [`${stopPerWaveSec}s (systemd's default stop timeout) for each wave of this stage and every later one.`]),
        attr("ExecStop", systemdTool("systemctl", "--user", "stop", stageTargetName(stage), ...members)),
      ),
    ),
  );
}

function stopTimeoutSec(ctx: ModuleContext, stage: Stage): number {
  const here = new Set(ctx.services.map((s) => s.name));
  const waves = ctx.graph.waves.slice(stage.index - 1).flatMap((stageWaves) => stageWaves.filter((w) => w.some((s) => here.has(s.name))));
  return Math.max(1, waves.length) * stopPerWaveSec;
}
