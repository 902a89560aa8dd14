// A service's health check: exactly one probe, timings from the service or the inventory's
// defaults. The probe becomes podman's --health-cmd in src/units/health-cmd.ts.
import type { RawHealth, RawInventory } from "./schema.js";
import type { Health, Path, Probe } from "./model.js";
import { parseDuration } from "./duration.js";
import { type Finding, error } from "../report/finding.js";
import { suggest } from "../report/suggest.js";

type Timing = NonNullable<RawInventory["defaults"]["health"]>;

/** Podman's own defaults (podman-run(1), --health-*), used when neither level sets a value. */
const podmanDefaults = { interval: "30s", timeout: "30s", retries: 3, start_period: "0s", on_failure: "none" } as const;

export function resolveHealth(raw: RawHealth, defaults: Timing, names: ReadonlyMap<string, string>, path: Path, findings: Finding[]): Health | undefined {
  const probe = resolveProbe(raw, names, path, findings);
  if (!probe) return undefined;
  const startup = raw.startup_interval ?? defaults.startup_interval;
  return {
    ...(startup === undefined ? {} : { startupIntervalSec: parseDuration(startup) }),
    probe,
    intervalSec: parseDuration(raw.interval ?? defaults.interval ?? podmanDefaults.interval),
    timeoutSec: parseDuration(raw.timeout ?? defaults.timeout ?? podmanDefaults.timeout),
    retries: raw.retries ?? defaults.retries ?? podmanDefaults.retries,
    startPeriodSec: parseDuration(raw.start_period ?? defaults.start_period ?? podmanDefaults.start_period),
    onFailure: raw.on_failure ?? defaults.on_failure ?? podmanDefaults.on_failure,
  };
}

function resolveProbe(raw: RawHealth, names: ReadonlyMap<string, string>, path: Path, findings: Finding[]): Probe | undefined {
  const probes: Probe[] = [];
  if (raw.dns) probes.push({ kind: "dns", name: dnsName(raw.dns.name, names, [...path, "dns", "name"], findings) });
  if (raw.http) probes.push({ kind: "http", port: raw.http.port, urlPath: raw.http.path });
  if (raw.https) probes.push({ kind: "https", port: raw.https.port, urlPath: raw.https.path });
  if (raw.tcp) probes.push({ kind: "tcp", port: raw.tcp.port });
  if (raw.command !== undefined) probes.push({ kind: "command", command: raw.command });
  if (probes.length !== 1) {
    const message = probes.length === 0 ? "a health check needs a probe" : `a health check has one probe, not ${probes.length}`;
    findings.push(error(path, message, "use exactly one of dns, http, https, tcp or command"));
    return undefined;
  }
  return probes[0];
}

/** A DNS probe's name: as written, or {name.KEY} from the inventory's names. */
function dnsName(text: string, names: ReadonlyMap<string, string>, path: Path, findings: Finding[]): string {
  const key = /^\{name\.([^}]+)\}$/.exec(text)?.[1];
  if (key === undefined) {
    if (!/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(text)) findings.push(error(path, `"${text}" is not a DNS name`, "write a name such as mcq.example.net, or {name.KEY} for one of names"));
    return text;
  }
  const name = names.get(key);
  if (name === undefined) findings.push(error(path, `no name "${key}" under names`, suggest(key, [...names.keys()]) ?? `declare it: names: { ${key}: host.example.net }`));
  return name ?? text;
}

/**
 * When podman's checks run. Each runs from a systemd timer with `OnUnitInactiveSec=<interval>`
 * and `AccuracySec=1s` (libpod/healthcheck_linux.go, createTimer): systemd fires it within
 * [due, due + 1 s], on a whole-second grid (shifted by a per-boot perturbation) unless another
 * timer wakes the manager earlier (sd-event, sleep_between). The next check is due an interval
 * after `podman healthcheck run` has finished (0.3 s on an idle machine, 0.6 to 1.1 s in the e2e on
 * a busy 2-core one). So two checks are at most the interval plus this slack apart (a run of up to
 * a second, then up to a second to the grid), a whole number of seconds when nothing else wakes
 * the manager. Measured there: 1 s startup checks ran every 2 to 3 s, 250 ms ones every 0.6 to
 * 1.4 s.
 */
export const timerSlackSec = 2;

/** The longest time between two startup checks: whole seconds of the timers' grid. */
export const startupPeriodSec = (startupIntervalSec: number): number => Math.floor(startupIntervalSec + timerSlackSec);

/** The window the regular check gives a starting container: start period, then `retries` checks. */
const startWindowSec = (h: Health): number => h.startPeriodSec + h.retries * h.intervalSec;

/**
 * HealthStartupRetries=: failed startup checks before podman restarts the container
 * (podman-run(1), --health-startup-retries), as many as fit the window the regular check would
 * have given it when each comes as late as it can, so the start timeouts stay as they were. 0
 * (never) with `on_failure: none`: a service podman must not act on is not restarted by it either.
 */
export function startupRetries(h: Health, startupIntervalSec: number): number {
  if (h.onFailure === "none") return 0;
  return Math.max(1, Math.floor(startWindowSec(h) / startupPeriodSec(startupIntervalSec)));
}

/**
 * The longest a container can take to turn healthy or be given up on. Regular check: failures
 * during the start period do not count (podman-run(1), --health-start-period), then `retries`
 * failed checks one interval apart, the last of which may run for the whole timeout. Startup
 * check: its retries, each up to a timer's slack late, the last for the whole timeout; its
 * failures never make the container unhealthy (HealthOnFailure= acts on the regular check only,
 * libpod/healthcheck.go), podman restarts it instead. A startup check that never gives up
 * (`on_failure: none`) gets the regular check's window: the start timeout ends it.
 */
export function healthBudgetSec(h: Health): number {
  if (h.startupIntervalSec === undefined || h.onFailure === "none") return startWindowSec(h) + h.timeoutSec;
  const tries = startupRetries(h, h.startupIntervalSec);
  return tries * startupPeriodSec(h.startupIntervalSec) + h.timeoutSec;
}

/**
 * How long after its container starts a service that is ready within a second is reported
 * healthy: podman checks once as it starts, which usually comes too early, then one interval
 * later (the startup check's when there is one), up to a timer's slack late.
 */
export function expectedHealthySec(h: Health): number {
  return h.startupIntervalSec === undefined ? h.intervalSec + timerSlackSec : startupPeriodSec(h.startupIntervalSec);
}
