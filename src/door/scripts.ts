// The door's shell scripts, run by its system units through /bin/sh (src/units/host-shell.ts):
// plain POSIX sh and the tools every systemd host has (systemctl, journalctl, id, getent, cut,
// sleep), so NixOS and other hosts run the same text. Only mcquad's own names reach them (unit,
// user and stage names, numbers, IP addresses), never free text from the inventory.
import type { Stage } from "../inventory/model.js";
import { stageTargetName } from "../units/naming.js";
import type { HostContext } from "../host/context.js";

/** The day a uid change cost the platform every container definition (REFERENCE §1). */
export const UID_INCIDENT = "2026-04-03";

/** How long the address wait gives the providers (tailscaled may still be logging in). */
export const ADDRESS_WAIT_SEC = 90;

/**
 * The platform user's ids, from the passwd and group databases, against the inventory's. NixOS
 * never changes an existing user's uid ("not applying UID change"), so a drifted uid would pass
 * the configuration's own assertion and the units, made for uid 850, would start nothing or the
 * wrong things: the 2026-04-03 incident. Fails loudly, naming both numbers.
 */
export function idsCheck(ctx: HostContext): string {
  const { user, uid, gid } = ctx.inventory.platform;
  return [
    `uid=$(id -u ${user} 2>/dev/null) || uid=none`,
    `gid=$(getent group ${user} | cut -d: -f3)`,
    `[ "$uid" = ${uid} ] && [ "$gid" = ${gid} ] && exit 0`,
    `echo "${user} has uid $uid and its group gid \${gid:-none} in the passwd and group databases, but the units are for uid ${uid} and gid ${gid}: podman storage, the Quadlet folder users/${uid} and /run/user/${uid} belong to those ids, and a changed uid lost every container on ${UID_INCIDENT}. Starting nothing. Give ${user} uid ${uid} and gid ${gid} back, or migrate podman storage and regenerate the units for the new ids." >&2`,
    "exit 1",
  ].join("; ");
}

/**
 * Until every IP is on an interface, at most ADDRESS_WAIT_SEC: a provider that reports ready
 * (tailscaled.service) may not have its address yet. IPv4 from the kernel's local routes
 * (/proc/net/fib_trie: `|-- IP` then `/32 host LOCAL`), IPv6 from /proc/net/if_inet6: no tool
 * beyond sh's own reads.
 */
export function addressWait(ips: readonly string[]): string {
  const tests = ips.map((ip) => (ip.includes(":") ? `v6 ${ipv6Hex(ip)}` : `v4 ${ip}`));
  return [
    "v4() { p=; while read -r a b c d; do [ \"$a $b $c\" = \"/32 host LOCAL\" ] && [ \"$p\" = \"$1\" ] && return 0; [ \"$a\" = \"|--\" ] && p=$b; done </proc/net/fib_trie; return 1; }",
    "v6() { while read -r a b; do [ \"$a\" = \"$1\" ] && return 0; done </proc/net/if_inet6; return 1; }",
    `i=0; until ${tests.join(" && ")}; do i=$((i + 1)); [ $i -ge ${ADDRESS_WAIT_SEC} ] && { echo "${ips.join(" ")}: not on any interface after ${ADDRESS_WAIT_SEC}s" >&2; exit 1; }; sleep 1; done`,
    `echo "${ips.join(" ")}: up after $i s"`,
  ].join("; ");
}

/** An IPv6 address as /proc/net/if_inet6 prints it: 32 lower-case hex digits. */
export function ipv6Hex(ip: string): string {
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const h = head ? head.split(":") : [];
  const t = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t] : h;
  return groups.map((g) => g.padStart(4, "0")).join("");
}

/** The start side: block until the user manager reaches the stage (systemctl waits for the job). */
export const startStage = (stage: Stage): string => `exec systemctl --user start ${stageTargetName(stage)}`;

/**
 * Log lines per failed unit, its container's and podman's (the user manager's own lines say only
 * that it failed): with the two lines below, what `systemctl status` shows (10).
 */
const REPORT_LINES = 3;

/**
 * Lines that say what happened to the container rather than why: the user manager's own, podman's
 * events (`container died <64 hex digits> (image=…`) and conmon's cgroup warnings, which follow
 * the reason (a failing wait for health, podman's error) as the container is stopped and would
 * push it out of the last lines. An ERE without backslashes (host-shell.ts): brackets instead.
 */
const NOISE = " systemd[[]| conmon[[][0-9]+[]]: conmon [0-9a-f]+ <nwarn>: | container [a-z_]+ [0-9a-f]{64} [(]";

/**
 * ExecStopPost= of the start side: after a failed start, each unit of the stage that did not
 * succeed, with its last log lines, then the stage: the last lines are what `systemctl status`
 * shows. Units are picked by Result=, not by the "failed" state: between its Restart= tries a unit
 * that keeps failing is "activating (auto-restart)". systemd.exec(5): SERVICE_RESULT is
 * "success" unless the start failed or timed out. uid 850 is below 1000, so its units log to the
 * system journal, which systemd-journal's members read. A unit's lines are picked by its unit
 * field or by its SyslogIdentifier= (Quadlet's `%N`): journald finds no unit for a line whose
 * process has already exited when it reads it, such as the wait for health's last line (seen in
 * the e2e: `_SYSTEMD_USER_UNIT` missing, `SYSLOG_IDENTIFIER` kept).
 */
export function failureReport(ctx: HostContext, stage: Stage, units: readonly string[]): string {
  const { stages, platform } = ctx.inventory;
  return [
    '[ "$SERVICE_RESULT" = success ] && exit 0',
    `systemctl --user show-environment >/dev/null 2>&1 || { echo "${stageTargetName(stage)} (stage ${stage.index} of ${stages.length}) did not come up: the user manager of ${platform.user} is not running, see above"; exit 0; }`,
    `for u in ${units.join(" ")}; do r=$(systemctl --user show -p Result --value $u); [ "$r" = success ] && continue; journalctl --no-pager --quiet --lines=50 _UID=${platform.uid} _SYSTEMD_USER_UNIT=$u + _UID=${platform.uid} SYSLOG_IDENTIFIER=\${u%.service} | grep -v -E "${NOISE}" | tail -n ${REPORT_LINES}; echo "failed: $u ($(systemctl --user show -p ActiveState --value $u), result $r)"; done`,
    `echo "${stageTargetName(stage)} (stage ${stage.index} of ${stages.length}) did not come up in the user manager of ${platform.user}: $SERVICE_RESULT"`,
    "exit 0",
  ].join("; ");
}

/** The stop side: the stage's target, every later one, and all their services, in one job. */
export const stopStages = (units: readonly string[]): string => `exec systemctl --user stop ${units.join(" ")}`;
