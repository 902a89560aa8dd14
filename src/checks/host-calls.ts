// What the host check command checks, as calls of the shell functions in
// templates/mcquad-check.hbs, in order: the prerequisites, then stage by stage the target, each
// unit (state, health, time against its start timeout, last log lines when failed) and who owns
// its container, and the inventory's checks that run on this host. Every fix is written here,
// from the inventory; the template only prints the calls.
import type { Check, Service } from "../inventory/model.js";
import { effectivePull } from "../graph/policy.js";
import { formatDuration } from "../inventory/duration.js";
import { serviceUnitName, stageTargetName } from "../units/naming.js";
import { shellWord } from "../units/health-cmd.js";
import { planned, type RunbookContext } from "../runbook/view.js";
import { expandCheck } from "./expand.js";
import { lowestPort } from "../runbook/prerequisites.js";

const call = (fn: string, ...args: (string | number)[]): string => [fn, ...args.map((a) => shellWord(String(a)))].join(" ");

export function hostCalls(ctx: RunbookContext): string[] {
  return [
    ...prerequisiteCalls(ctx),
    ...ctx.inventory.checks.filter((c) => c.prerequisite).flatMap((c) => checkCall(ctx, c)),
    ...ctx.inventory.stages.flatMap((stage) => {
      const members = ctx.services.filter((s) => s.stage === stage.index);
      return [
        call("check_target", stageTargetName(stage), `systemctl start ${stageTargetName(stage)} as root (the door), or systemctl --user start ${stageTargetName(stage)} as ${ctx.inventory.platform.user}; the failed units below say why it is down`),
        ...members.flatMap((s) => serviceCalls(ctx, s)),
      ];
    }),
    ...ctx.inventory.checks.filter((c) => !c.prerequisite).flatMap((c) => checkCall(ctx, c)),
  ];
}

function prerequisiteCalls(ctx: RunbookContext): string[] {
  const { platform: p } = ctx.inventory;
  const low = lowestPort(ctx);
  const providers = [...new Set(ctx.host.addresses.flatMap((a) => (a.providedBy ? [a.providedBy] : [])))];
  return [
    call("check_account", p.user, p.uid, p.gid, `create ${p.user} with uid ${p.uid} and gid ${p.gid} (NixOS: the module's users.users.${p.user})`, `never change it: podman's storage and database belong to uid ${p.uid}; set users.users.${p.user}.uid back to ${p.uid}`),
    call("check_linger", p.user, `loginctl enable-linger ${p.user} (NixOS: users.users.${p.user}.linger = true)`),
    ...(p.subuid ? [call("check_subids", "uid", p.user, p.subuid.start, p.subuid.count, `add ${p.user}:${p.subuid.start}:${p.subuid.count} to /etc/subuid (NixOS: users.users.${p.user}.subUidRanges)`)] : []),
    ...(p.subgid ? [call("check_subids", "gid", p.user, p.subgid.start, p.subgid.count, `add ${p.user}:${p.subgid.start}:${p.subgid.count} to /etc/subgid (NixOS: users.users.${p.user}.subGidRanges)`)] : []),
    ...(low ? [call("check_sysctl", "net.ipv4.ip_unprivileged_port_start", low.port, `${low.by} binds port ${low.port}`, `sysctl -w net.ipv4.ip_unprivileged_port_start=${low.port} (NixOS: boot.kernel.sysctl, which the module sets)`)] : []),
    call("check_system_unit", `user@${p.uid}.service`, "the user manager that runs the units", `systemctl start user@${p.uid}.service`),
    ...providers.map((u) => call("check_system_unit", u, "it brings up an address the containers bind", `systemctl start ${u}, then journalctl -u ${u} -e`)),
    ...ctx.host.addresses.map((a) =>
      call("check_address", a.name, a.ip, a.ip.includes(":") ? "inet6" : "inet", a.providedBy ? `${a.providedBy} brings it up: systemctl status ${a.providedBy} (Tailscale: tailscale up)` : `bring up ${a.ip} on an interface (the host's network configuration)`),
    ),
    ...ctx.services
      .filter((s) => effectivePull(ctx.inventory, ctx.graph, s) === "never")
      .map((s) => call("check_image", s.name, s.image, `load it as ${p.user}: podman load -i <saved image> (RUNBOOK.md, cold start); its unit never pulls it`)),
  ];
}

function serviceCalls(ctx: RunbookContext, s: Service): string[] {
  const unit = serviceUnitName(s.name);
  const timeout = planned(ctx, s.name).startTimeoutSec;
  const problems = ctx.inventory.knownProblems.filter((k) => k.services.includes(s.name)).map((k) => k.name);
  const last = stageTargetName(ctx.inventory.stages[ctx.inventory.stages.length - 1] ?? { index: 0, name: "", description: "", pending: [] });
  const fix = `fix the cause in its log${problems.length ? ` (RUNBOOK.md, common errors: ${problems.join(", ")})` : ""}, then systemctl --user reset-failed ${unit} && systemctl --user start ${last}`;
  return [
    call("check_unit", unit, s.containerName, timeout, formatDuration(timeout), s.health && s.notifyHealthy ? "yes" : "no", fix),
    call("check_owner", s.containerName, unit, `stop the other owner (mcp-agent: drop ${s.containerName} from its services and [[boot.sequence]]), then podman rm -f ${s.containerName} && systemctl --user restart ${unit}`),
    ...s.checks.flatMap((c) => checkCall(ctx, c)),
  ];
}

/** The inventory's checks that run on this host (the workstation's are the runbook's). */
function checkCall(ctx: RunbookContext, c: Check): string[] {
  if (c.as === "workstation") return [];
  const { run, output } = expandCheck(c, ctx.host, ctx.inventory);
  return [call("run_check", checkLabel(c), c.as, run, output ?? "", c.expect)];
}

export const checkLabel = (c: Check): string => (c.service ? `${c.service}/${c.name}` : c.name);
