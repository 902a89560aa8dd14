// How a stage waits for the one before without Requires= (container.ts): at each start, the
// service's ExecStartPre= fails unless the previous stage's target is active, so no container of a
// later stage runs while a stage is down, and Restart= retries it every RestartSec= until the
// stage is up (checked under systemd 257: REFERENCE §2, "Restart propagation"). Once healthy, its
// ExecStartPost= asks for its own stage's target without waiting for it (`--no-block`: the target
// is ordered after this very unit), so a stage that recovers after a failed boot is reached again
// and the later stages' next retry passes their gate. `-`: a failed request never fails the
// service (systemd.service(5), "Command lines").
import type { Inventory, Service, Stage } from "../inventory/model.js";
import { stageTargetName } from "./naming.js";
import { hostShell } from "./host-shell.js";

export function stageGate(service: Service, previous: Stage, inventory: Inventory): string {
  const target = stageTargetName(previous);
  const why = `${service.name} waits for ${target} (stage ${previous.index} of ${inventory.stages.length}), which is not active`;
  return hostShell(`systemctl --user --quiet is-active ${target} || { echo "${why}" >&2; exit 1; }`);
}

export const stageKick = (stage: Stage): string => `-${hostShell(`exec systemctl --user --no-block start ${stageTargetName(stage)}`)}`;
