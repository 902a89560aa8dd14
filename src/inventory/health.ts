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
  return {
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
 * The longest a container can take to turn healthy or be declared unhealthy: failures during
 * the start period do not count (podman-run(1), --health-start-period), then `retries` failed
 * checks one interval apart, the last of which may run for the whole timeout.
 */
export function healthBudgetSec(h: Health): number {
  return h.startPeriodSec + h.retries * h.intervalSec + h.timeoutSec;
}
