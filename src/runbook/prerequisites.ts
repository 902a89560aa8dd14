// Sections 1 and 2 of the runbook: what the host needs before any container can start (the
// platform user, its id ranges, lingering, its user manager, low ports, addresses), a shell as
// that user, the one command that starts everything, and how to see what it is waiting for.
import type { Inventory } from "../inventory/model.js";
import { stageTargetName, serviceUnitName } from "../units/naming.js";
import { formatDuration } from "../inventory/duration.js";
import { commented, forEachLines, joinWords } from "./markdown.js";
import { lastStage, runtimeDir, type RunbookContext } from "./view.js";
import { moduleFileName } from "../nixos/module.js";
import { doorStart } from "../host/context.js";

export function rootChecks(ctx: RunbookContext): string[] {
  const { platform: p } = ctx.inventory;
  const ranges = idRanges(ctx.inventory);
  const low = lowestPort(ctx);
  const providers = ctx.host.addresses.filter((a) => a.providedBy !== undefined);
  return commented([
    [`id ${p.user}`, `uid=${p.uid}(${p.user}) gid=${p.gid}`],
    ...(ranges ? [[`grep '^${p.user}:' /etc/subuid /etc/subgid`, ranges] as const] : []),
    [`ls /var/lib/systemd/linger/${p.user}`, `exists: lingering, so ${p.user}'s user manager starts at boot`],
    [`systemctl status user@${p.uid}.service`, `active (running): the user manager that runs the units`],
    ...(low ? [["sysctl net.ipv4.ip_unprivileged_port_start", `at most ${low.port}: ${low.by} binds port ${low.port}`] as const] : []),
    ...providers.map((a) => [`systemctl status ${a.providedBy as string}`, `active: it brings up ${a.ip} (${a.name})`] as const),
    ...(ctx.host.addresses.length ? [["ip -brief address", `lists ${joinWords(ctx.host.addresses.map((a) => `${a.ip} (${a.name})`))}`] as const] : []),
  ]);
}

export function rootFixes(ctx: RunbookContext): string[] {
  const { platform: p } = ctx.inventory;
  return [
    `Lingering off: \`loginctl enable-linger ${p.user}\` (on NixOS, \`users.users.${p.user}.linger = true\`). The user manager not running: \`systemctl start user@${p.uid}.service\`.`,
    `Never change ${p.user}'s uid: podman's storage, its runtime folder and the stage targets' \`ConditionUser=${p.uid}\` are all tied to ${p.uid}.`,
  ];
}

/** The expected lines of /etc/subuid and /etc/subgid, the id ranges rootless podman maps. */
function idRanges(inventory: Inventory): string | undefined {
  const { user, subuid, subgid } = inventory.platform;
  const line = (r: { start: number; count: number }) => `${user}:${r.start}:${r.count}`;
  if (subuid && subgid && line(subuid) === line(subgid)) return `${line(subuid)} in both`;
  const parts = [subuid && `${line(subuid)} in /etc/subuid`, subgid && `${line(subgid)} in /etc/subgid`].filter((x): x is string => Boolean(x));
  return parts.length ? joinWords(parts) : undefined;
}

/** The lowest host port a container binds below 1024, which rootless podman needs the sysctl for. */
export function lowestPort(ctx: RunbookContext): { port: number; by: string } | undefined {
  const claims = ctx.services.flatMap((s) => (s.network === "host" ? s.listens.map((l) => l.port) : s.ports.map((b) => b.hostPort)).map((port) => ({ port, by: s.name })));
  const low = claims.filter((c) => c.port < 1024).sort((a, b) => a.port - b.port)[0];
  return low;
}

export function userShell(inventory: Inventory): string[] {
  const p = inventory.platform;
  return commented([
    [`machinectl shell ${p.user}@`, `a login session as ${p.user}, with its environment`],
    ["# or, where machinectl is missing:"],
    [`cd ${p.home} && runuser -u ${p.user} -- env XDG_RUNTIME_DIR=${runtimeDir(inventory)} HOME=${p.home} bash -l`],
  ]);
}

export function userChecks(ctx: RunbookContext): string[] {
  const { inventory } = ctx;
  const units = [...inventory.stages.map(stageTargetName), ...ctx.services.map((s) => serviceUnitName(s.name))];
  return [
    ...commented([
      ["id -u", String(inventory.platform.uid)],
      ["echo $XDG_RUNTIME_DIR", runtimeDir(inventory)],
      ["systemctl --user is-system-running", "running, or degraded once a unit has failed"],
    ]),
    ...forEachLines("unit", units, 'echo "$(systemctl --user show -p LoadState --value "$unit")  $unit"'),
    "# every line starts with: loaded",
  ];
}

export function userFixes(): string[] {
  return [
    "`not-found` for a `.service`: the Quadlet generator skipped its `.container` file (one unknown key makes it skip the whole file). `systemctl --user daemon-reload` runs the generator again; its dry run, `quadlet -user -dryrun` (in podman's libexec folder), says why it skips a file.",
    "`not-found` for a `.target`: the stage targets are not installed in a user unit folder (they are plain systemd units; Quadlet ignores them).",
  ];
}

export function startAll(ctx: RunbookContext): string[] {
  return commented([[`systemctl --user start ${stageTargetName(lastStage(ctx.inventory))}`, "every stage in order; returns once all are healthy"]]);
}

export function startNotes(ctx: RunbookContext): string[] {
  const { inventory, host } = ctx;
  const p = inventory.platform;
  const stage = lastStage(inventory);
  const last = stageTargetName(stage);
  const first = stageTargetName(inventory.stages[0] ?? stage);
  const providers = host.addresses.flatMap((a) => (a.providedBy ? [a.providedBy] : []));
  const setting = `(\`hosts.${host.name}.start: ${host.start}\`)`;
  return [
    `Each stage target requires and follows the one before it, so starting the last one starts them all. The command returns once every container is healthy, or with an error as soon as one fails; in the worst case it takes ${formatDuration(ctx.plan.worstCaseSec)} (the start timeouts along the longest chain of each stage).`,
    `From root: with the door installed (the NixOS module generated beside this runbook, \`${moduleFileName}\`, or the units of \`system/\` in /etc/systemd/system/), \`systemctl start ${last}\` does the same through ${p.user}'s user manager and waits for it (any stage: \`systemctl start ${first}\` and so on); when it fails, \`systemctl status ${doorStart(stage)}\` names what failed, with its last log lines. \`systemctl stop ${first}\` stops everything. Without the door: \`runuser -u ${p.user} -- env XDG_RUNTIME_DIR=${runtimeDir(inventory)} systemctl --user start ${last}\`.`,
    "While a stage cannot come up, no container of a later stage runs: their units wait and retry. Once the stage recovers (its service's own restart, a fixed image), the later stages come up by themselves. A restart of one service restarts it alone, and what names it in `requires:`; the other stages keep their containers.",
    host.start === "door"
      ? `At boot, the module's system-level ${last} starts the platform once the network${providers.length ? ` and ${joinWords(providers)}` : ""} ${providers.length ? "are" : "is"} up ${setting}.`
      : `At boot, ${p.user}'s user manager starts ${last} through its default.target as soon as it runs ${setting}.`,
  ];
}

export function blocking(): string[] {
  return commented([
    ["systemctl --user list-jobs", "what systemd is still starting, and what waits"],
    ["systemctl --user --failed", "what has failed"],
    ["systemctl --user status NAME.service", "one unit: its state and last log lines"],
    ["journalctl --user -u NAME.service -e", "its whole log, newest last"],
    ["podman ps -a", "every container: (starting), (healthy), (unhealthy)"],
    ["podman healthcheck run NAME", "its health check, now: exit status 0 when healthy"],
    ["podman logs NAME", "the container's own output"],
  ]);
}

/** journald keeps per-user journals only for uids above SYSTEM_UID_MAX, 999 on Debian and NixOS (journald.conf(5)). */
const systemUidMax = 999;

export function blockingNotes(ctx: RunbookContext): string[] {
  const p = ctx.inventory.platform;
  const journal = p.uid <= systemUidMax
    ? [`${p.user}'s uid ${p.uid} is a system uid, so journald writes its units' logs to the system journal, which ${p.user} cannot read: \`systemctl --user status\` shows no log lines and \`journalctl --user\` nothing. Read them as root: \`journalctl --user-unit NAME.service -e\` (or add ${p.user} to the systemd-journal group).`]
    : [];
  return [
    ...journal,
    "A unit that stays `activating` is waiting for its container's health check (its `ExecStartPost=` runs `podman healthcheck run` until it passes), for at most its health budget; then it fails, and its container is stopped. A failed unit fails its stage target and every later one (`Dependency failed`). A later stage's unit that is `activating (auto-restart)` with \"waits for <stage>.target\" in its log is waiting for that stage (its ExecStartPre= gate), and starts by itself once the stage is up.",
    `After a fix: \`systemctl --user reset-failed\`, then start ${stageTargetName(lastStage(ctx.inventory))} again.`,
  ];
}
