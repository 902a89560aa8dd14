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
 * How long one `podman healthcheck run` takes: a whole podman process and an exec into the
 * container, 0.25 s on an idle machine (measured in the e2e's guest), up to a second on a busy one.
 */
export const probeRunSec = 1;

/**
 * The pause between the probes of the unit's own wait for health (src/units/health-wait.ts, which
 * says why the unit probes instead of podman's timers): `startup_interval`, else the interval.
 * Measured in the e2e: a link of the boot chain is now seen ready about 0.4 s after its service,
 * against 0.7 to 2.6 s with podman's startup check.
 */
export const waitPauseSec = (h: Health): number => h.startupIntervalSec ?? h.intervalSec;

/**
 * The window a starting container is given: the start period, then `retries` checks an interval
 * apart, as podman's regular check would (podman-run(1), --health-start-period, --health-retries).
 */
export const startWindowSec = (h: Health): number => h.startPeriodSec + h.retries * h.intervalSec;

/**
 * The longest a container can take to turn healthy or be given up on: the wait's deadline, its
 * window plus a last probe that runs for the whole timeout. HealthStartPeriod= is set to it, so
 * that neither podman's own checks nor the wait's count a failure against the container while the
 * wait still gives it time (a manual `podman healthcheck run` counts like a timer's).
 */
export const healthBudgetSec = (h: Health): number => startWindowSec(h) + h.timeoutSec;

/** HealthStartPeriod=: the budget when the unit waits for health, else the inventory's start period. */
export const podmanStartPeriodSec = (h: Health, waited: boolean): number => (waited ? healthBudgetSec(h) : h.startPeriodSec);

/**
 * How long after its container starts a service that is ready at once is seen healthy: the wait
 * probes at the start, usually too early, then after a pause, the probe's own run included.
 */
export const expectedHealthySec = (h: Health): number => waitPauseSec(h) + probeRunSec;
