// The unit's own wait for health: an ExecStartPost= that runs `podman healthcheck run` until it
// passes, so the unit is "activating" until the container is healthy and nothing ordered after it
// starts before (systemd.service(5): a unit is active only once its ExecStartPost= commands have
// finished, and TimeoutStartSec= covers them). It replaces Notify=healthy with podman's timers:
// those fire on systemd's whole-second grid, up to a second late (AccuracySec=1s), an interval
// after the previous check finished, and a passing startup check needs a second, regular one
// before podman reports healthy (libpod/healthcheck_linux.go, createTimer). `podman healthcheck
// run` is podman's own check: it runs HealthCmd= in the container, records the result
// (health_status events, `podman ps`), and exits 0 only once the container is healthy
// (podman-healthcheck-run(1); "starting" and "unhealthy" exit 1, errors such as "not running" 125).
import type { Health, Service } from "../inventory/model.js";
import { healthBudgetSec, waitPauseSec } from "../inventory/health.js";
import { formatDuration } from "../inventory/duration.js";
import { hostShell } from "./host-shell.js";

/**
 * Probes at once, then after each pause, until the container is healthy or its budget from the
 * start has passed; then exit 1 fails the start (systemd stops the container, and Restart=
 * retries it). The budget is whole seconds of `date +%s`, rounded up.
 */
export function healthWait(service: Service, h: Health): string {
  const name = service.containerName;
  const budget = Math.ceil(healthBudgetSec(h));
  const why = `${name} is not healthy ${formatDuration(budget)} after its start: podman healthcheck run ${name} exits $rc`;
  return hostShell(
    `end=$(($(date +%s) + ${budget})); until podman healthcheck run ${name} >/dev/null 2>&1; do rc=$?; ` +
      `[ "$(date +%s)" -lt "$end" ] || { echo "${why}" >&2; exit 1; }; sleep ${waitPauseSec(h)}; done`,
  );
}
