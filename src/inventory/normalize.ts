// Raw (schema-checked) inventory → resolved model. Parses the compact string forms (ports,
// listens, volumes, user), applies defaults and the registry prefix, and reports what it cannot
// resolve. Cross-service rules live in src/check/ and src/graph/.
import type { RawCheck, RawInventory, RawService } from "./schema.js";
import type { Address, Check, Host, Inventory, KnownProblem, Listen, PortBinding, Service, Stage, VolumeMount, Path } from "./model.js";
import { resolveHealth } from "./health.js";
import { parseDuration } from "./duration.js";
import { type Finding, error, byCodeUnit } from "../report/finding.js";
import { suggest } from "../report/suggest.js";

export interface Overrides {
  /** Named address → IP, e.g. to map the LAN address to a loopback one for a test. */
  readonly addresses?: ReadonlyMap<string, string>;
}

export function normalizeInventory(raw: RawInventory, overrides: Overrides = {}): { inventory: Inventory; findings: Finding[] } {
  const findings: Finding[] = [];
  const hosts = Object.entries(raw.hosts)
    .map(([name, h]): Host => ({ name, addresses: resolveAddresses(h.addresses, overrides), ...(h.unprivileged_port_start === undefined ? {} : { unprivilegedPortStart: h.unprivileged_port_start }), start: h.start, addressWait: h.address_wait }))
    .sort((a, b) => byCodeUnit(a.name, b.name));
  checkOverrides(hosts, overrides, findings);
  const stages: Stage[] = raw.stages.map((s, i) => ({ index: i + 1, name: s.name, description: s.description, pending: s.pending }));
  const services = Object.entries(raw.services)
    .map(([name, s]) => normalizeService(name, s, raw, hosts, findings))
    .sort((a, b) => byCodeUnit(a.name, b.name));
  const inventory: Inventory = {
    podman: raw.podman,
    systemd: raw.systemd,
    platform: raw.platform,
    ...(raw.registry ? { registry: { prefix: raw.registry.prefix.replace(/\/+$/, ""), servedBy: raw.registry.served_by } } : {}),
    hosts,
    stages,
    services,
    names: new Map(Object.entries(raw.names)),
    checks: resolveChecks(raw.checks, ["checks"]),
    knownProblems: Object.entries(raw.known_problems).map(([name, k]): KnownProblem => ({
      name,
      path: ["known_problems", name],
      services: k.services,
      symptom: k.symptom,
      cause: k.cause,
      fix: k.fix,
      ...(k.cost === undefined ? {} : { cost: k.cost }),
      losesData: k.loses_data,
    })),
  };
  return { inventory, findings };
}

function resolveChecks(raw: Record<string, RawCheck>, path: Path, service?: string): Check[] {
  return Object.entries(raw).map(([name, c]) => ({
    name,
    path: [...path, name],
    ...(service === undefined ? {} : { service }),
    run: c.run,
    as: c.as,
    expect: c.expect,
    ...(c.output === undefined ? {} : { output: c.output }),
    prerequisite: c.prerequisite,
  }));
}

function resolveAddresses(raw: RawInventory["hosts"][string]["addresses"], overrides: Overrides): Address[] {
  return Object.entries(raw)
    .map(([name, a]): Address => {
      const ip = overrides.addresses?.get(name) ?? (typeof a === "string" ? a : a.ip);
      return typeof a === "string" || a.provided_by === undefined ? { name, ip } : { name, ip, providedBy: a.provided_by };
    })
    .sort((a, b) => byCodeUnit(a.name, b.name));
}

function checkOverrides(hosts: readonly Host[], overrides: Overrides, findings: Finding[]): void {
  const known = hosts.flatMap((h) => h.addresses.map((a) => a.name));
  for (const name of overrides.addresses?.keys() ?? []) {
    if (!known.includes(name)) findings.push(error(["hosts"], `--address ${name}: no host declares an address named "${name}"`, suggest(name, known)));
  }
}

function normalizeService(name: string, s: RawService, raw: RawInventory, hosts: readonly Host[], findings: Finding[]): Service {
  const path: Path = ["services", name];
  const host = resolveHost(s.host, hosts, path, findings);
  const [user, group] = s.user === undefined ? [] : s.user.split(":");
  const health = s.health ? resolveHealth(s.health, raw.defaults.health ?? {}, new Map(Object.entries(raw.names)), [...path, "health"], findings) : undefined;
  if (s.notify === "healthy" && !health) findings.push(error([...path, "notify"], "notify: healthy needs a health check, and this service has none", "add a health: probe (dns, http, https, tcp or command), or remove notify"));
  return {
    name,
    path,
    ...(s.description === undefined ? {} : { description: s.description }),
    host: host?.name ?? s.host ?? "",
    stage: s.stage,
    containerName: s.container_name ?? name,
    image: qualifyImage(s.image, raw.registry?.prefix),
    network: s.network,
    ...(user === undefined ? {} : { user }),
    ...(group === undefined ? {} : { group }),
    ports: s.ports.flatMap((p, i) => parsePort(p, [...path, "ports", i], host, findings)),
    listens: s.listens.flatMap((l, i) => parseListen(l, [...path, "listens", i], findings)),
    volumes: s.volumes.flatMap((v, i) => parseVolume(v, [...path, "volumes", i], findings)),
    args: s.args,
    environment: Object.entries(s.environment),
    requires: s.requires,
    wants: s.wants,
    ...(health ? { health } : {}),
    notifyHealthy: health !== undefined && s.notify !== "none",
    ...(s.pull === undefined ? {} : { pull: s.pull }),
    restart: s.restart ?? raw.defaults.restart ?? "always",
    restartDelaySec: parseDuration(s.restart_delay ?? raw.defaults.restart_delay ?? "10s"),
    ...(s.start_timeout === undefined ? {} : { startTimeoutSec: parseDuration(s.start_timeout) }),
    reachedVia: s.reached_via,
    checks: resolveChecks(s.checks, [...path, "checks"], name),
  };
}

function resolveHost(wanted: string | undefined, hosts: readonly Host[], path: Path, findings: Finding[]): Host | undefined {
  if (wanted === undefined) {
    if (hosts.length === 1) return hosts[0];
    findings.push(error(path, `the inventory has ${hosts.length} hosts; say which one runs this service`, `add host: ${hosts[0]?.name ?? "<name>"}`));
    return undefined;
  }
  const host = hosts.find((h) => h.name === wanted);
  if (!host) findings.push(error([...path, "host"], `unknown host "${wanted}"`, suggest(wanted, hosts.map((h) => h.name))));
  return host;
}

/** A bare name gets the registry prefix; a reference with a registry host is kept as written. */
function qualifyImage(image: string, prefix: string | undefined): string {
  const first = image.split("/")[0] ?? "";
  const hasRegistry = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return hasRegistry || prefix === undefined ? image : `${prefix.replace(/\/+$/, "")}/${image}`;
}

const portPattern = /^(?:([a-zA-Z0-9][a-zA-Z0-9_.-]*):)?(\d{1,5}):(\d{1,5})(?:\/(tcp|udp))?$/;

function parsePort(text: string, path: Path, host: Host | undefined, findings: Finding[]): PortBinding[] {
  const m = portPattern.exec(text);
  if (!m) {
    findings.push(error(path, `"${text}" is not a port binding`, 'write "ADDRESS:HOST_PORT:CONTAINER_PORT[/udp]" with a named address of the host (e.g. "loopback:8080:80"), or "HOST_PORT:CONTAINER_PORT" for every address'));
    return [];
  }
  const [, addressName, hostPort, containerPort, protocol] = m;
  const ports = [Number(hostPort), Number(containerPort)];
  if (ports.some((p) => p < 1 || p > 65535)) {
    findings.push(error(path, `"${text}": ports must be between 1 and 65535`));
    return [];
  }
  const base = { hostPort: Number(hostPort), containerPort: Number(containerPort), protocol: protocol === "udp" ? ("udp" as const) : ("tcp" as const), path };
  if (addressName === undefined) return [base];
  const address = host?.addresses.find((a) => a.name === addressName);
  if (!address) {
    if (host) findings.push(error(path, `"${text}": host ${host.name} has no address named "${addressName}"`, suggest(addressName, host.addresses.map((a) => a.name)) ?? `declare it under hosts.${host.name}.addresses`));
    return [];
  }
  return [{ ...base, address }];
}

function parseListen(text: string, path: Path, findings: Finding[]): Listen[] {
  const m = /^(\d{1,5})(?:\/(tcp|udp))?$/.exec(text);
  const port = Number(m?.[1]);
  if (!m || port < 1 || port > 65535) {
    findings.push(error(path, `"${text}" is not a listening port`, 'write "PORT" or "PORT/udp", e.g. "443/tcp"'));
    return [];
  }
  return [{ port, protocol: m[2] === "udp" ? "udp" : "tcp", path }];
}

function parseVolume(text: string, path: Path, findings: Finding[]): VolumeMount[] {
  const parts = text.split(":");
  const [source, target, options] = parts;
  if (parts.length < 2 || parts.length > 3 || !source || !target) {
    findings.push(error(path, `"${text}" is not a volume`, 'write "/host/path:/container/path[:options]"'));
    return [];
  }
  return [options === undefined ? { source, target, path } : { source, target, options, path }];
}
