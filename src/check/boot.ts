// Rules for how a host starts the platform (src/nixos/): who starts it at boot, how its services
// wait for addresses that system units provide, and stage names that would take over a unit of
// systemd's own once the door puts them into the system manager.
import type { Host, Inventory, Stage } from "../inventory/model.js";
import { type Finding, error } from "../report/finding.js";

export function checkBoot(inventory: Inventory): Finding[] {
  return [...inventory.hosts.flatMap((h) => addressWaitFindings(h, inventory)), ...inventory.stages.flatMap(stageNameFindings)];
}

/**
 * With start: user-manager and nothing waiting, the user manager starts the containers at linger
 * time, before the system unit that brings their address up (a user unit cannot be ordered after
 * a system unit): they fail to bind it, and at boot that is every time.
 */
function addressWaitFindings(host: Host, inventory: Inventory): Finding[] {
  if (host.start !== "user-manager" || host.addressWait !== "none") return [];
  const bound = inventory.services.filter((s) => s.host === host.name && s.ports.some((p) => p.address?.providedBy));
  const first = bound[0]?.ports.find((p) => p.address?.providedBy)?.address;
  if (!first) return [];
  return [
    error(
      ["hosts", host.name, "address_wait"],
      `${bound.map((s) => s.name).join(", ")} ${bound.length === 1 ? "binds" : "bind"} ${first.name} (${first.ip}), which ${first.providedBy} brings up; with start: user-manager and address_wait: none, the user manager starts them at linger time, before it, and binding fails`,
      "use address_wait: order-user-manager (or nonlocal-bind, exec-start-pre), or start: door",
    ),
  ];
}

/**
 * systemd.special(7): targets with a meaning of their own in the system or a user manager. The
 * door defines <stage>.target in the system manager, and the stage targets are user units: a
 * stage named like one of these would replace it.
 */
const specialTargets = new Set([
  "basic", "default", "emergency", "exit", "final", "getty", "graphical", "graphical-session", "graphical-session-pre",
  "halt", "hibernate", "hybrid-sleep", "initrd", "kexec", "local-fs", "local-fs-pre", "multi-user", "network",
  "network-online", "network-pre", "nss-lookup", "nss-user-lookup", "paths", "poweroff", "reboot", "remote-fs",
  "remote-fs-pre", "rescue", "shutdown", "sleep", "slices", "sockets", "soft-reboot", "suspend", "swap", "sysinit",
  "time-set", "time-sync", "timers", "umount",
]);

function stageNameFindings(stage: Stage): Finding[] {
  if (!specialTargets.has(stage.name)) return [];
  return [error(["stages", stage.index - 1, "name"], `stage name "${stage.name}" would replace systemd's own ${stage.name}.target (systemd.special(7)) in the system manager and the user's`, `name the stage after the platform, e.g. "app-stage${stage.index}"`)];
}
