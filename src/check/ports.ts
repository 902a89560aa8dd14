// Port rules: a host port/protocol is bound once per address (an all-addresses binding clashes
// with every address), host-network services claim the ports they listen on, rootless podman
// binds privileged ports only below the host's net.ipv4.ip_unprivileged_port_start.
import type { Host, Inventory, Path, Service } from "../inventory/model.js";
import { type Finding, error, warning } from "../report/finding.js";

interface Claim {
  readonly service: string;
  readonly ip: string | undefined;
  readonly port: number;
  readonly protocol: string;
  readonly path: Path;
}

export function checkPorts(inventory: Inventory): Finding[] {
  const findings: Finding[] = [];
  for (const host of inventory.hosts) {
    const services = inventory.services.filter((s) => s.host === host.name);
    for (const s of services) findings.push(...networkFindings(s), ...reachFindings(s, host));
    const claims = services.flatMap(claimsOf);
    findings.push(...clashFindings(claims), ...privilegedFindings(claims, host));
  }
  return findings;
}

function claimsOf(s: Service): Claim[] {
  if (s.network === "host") return s.listens.map((l) => ({ service: s.name, ip: undefined, port: l.port, protocol: l.protocol, path: l.path }));
  return s.ports.map((p) => ({ service: s.name, ip: p.address?.ip, port: p.hostPort, protocol: p.protocol, path: p.path }));
}

function networkFindings(s: Service): Finding[] {
  if (s.network === "host") {
    return s.ports.map((p) => error(p.path, "a host-network container publishes no ports: it binds the host's ports directly", `remove the port, or list the port it listens on under listens: ["${p.hostPort}/${p.protocol}"]`));
  }
  return s.listens.map((l) => error(l.path, "listens is for host-network services", `publish the port instead: ports: ["ADDRESS:${l.port}:${l.port}"]`));
}

/** Keyed by port/protocol, so the check is linear in the number of bindings. */
function clashFindings(claims: readonly Claim[]): Finding[] {
  const byPort = new Map<string, Claim[]>();
  const findings: Finding[] = [];
  for (const claim of claims) {
    const key = `${claim.port}/${claim.protocol}`;
    const earlier = byPort.get(key) ?? [];
    const clash = earlier.find((e) => e.ip === undefined || claim.ip === undefined || e.ip === claim.ip);
    if (clash) {
      const where = `${claim.ip ?? "every address"}:${claim.port}/${claim.protocol}`;
      findings.push(error(claim.path, `${where} is already bound by ${clash.service === claim.service ? "this service" : clash.service} (${clash.ip ?? "every address"})`, "use another host port or another address"));
    }
    byPort.set(key, [...earlier, claim]);
  }
  return findings;
}

function privilegedFindings(claims: readonly Claim[], host: Host): Finding[] {
  const floor = host.unprivilegedPortStart ?? 1024;
  return claims
    .filter((c) => c.port < floor)
    .map((c) =>
      error(c.path, `rootless podman cannot bind port ${c.port}: host ${host.name} allows unprivileged ports from ${floor}`, host.unprivilegedPortStart === undefined ? `declare hosts.${host.name}.unprivileged_port_start: ${c.port} (net.ipv4.ip_unprivileged_port_start), or use a port ≥ 1024` : `lower hosts.${host.name}.unprivileged_port_start to ${c.port}`),
    );
}

function reachFindings(s: Service, host: Host): Finding[] {
  return s.reachedVia.flatMap((name, i) => {
    const path = [...s.path, "reached_via", i];
    if (!host.addresses.some((a) => a.name === name)) return [error(path, `host ${host.name} has no address named "${name}"`)];
    const published = s.network === "host" || s.ports.some((p) => p.address === undefined || p.address.name === name);
    return published ? [] : [warning(path, `${s.name} is reached via ${name}, but publishes no port on that address`, `publish a port on ${name} if other hosts must reach it; as written, only local clients can`)];
  });
}
