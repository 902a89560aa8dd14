// `-p`/`--publish` values (podman-run(1): [[ip:][hostPort]:]containerPort[/protocol], IPv6 in
// brackets) → port bindings the inventory can hold, and the IPs they use → named addresses.
import type { ImportedPort } from "./model.js";

const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const ipv6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;

/** The binding, or why the inventory cannot hold it. */
export function parsePublish(value: string): ImportedPort | string {
  const proto = /\/([a-z]+)$/i.exec(value);
  const protocol = proto?.[1]?.toLowerCase();
  if (protocol !== undefined && protocol !== "tcp" && protocol !== "udp") return `the inventory publishes tcp and udp only, not ${protocol}`;
  let rest = proto ? value.slice(0, proto.index) : value;
  let ip: string | undefined;
  if (rest.startsWith("[")) {
    const end = rest.indexOf("]:");
    if (end < 0) return "not a port binding";
    ip = rest.slice(1, end);
    rest = rest.slice(end + 2);
  }
  const parts = rest.split(":");
  if (ip === undefined && parts.length === 3) ip = parts.shift();
  if (parts.length === 1) return "no host port: podman would pick a random one, which no unit can rely on";
  if (parts.length !== 2) return "not a port binding";
  const [host, container] = parts as [string, string];
  const problem = portProblem(host) ?? portProblem(container) ?? (ip ? ipProblem(ip) : undefined);
  if (problem) return problem;
  const binding = { hostPort: Number(host), containerPort: Number(container) };
  const withIp = ip ? { ip, ...binding } : binding;
  return protocol === "tcp" || protocol === "udp" ? { ...withIp, protocol } : withIp;
}

function portProblem(port: string): string | undefined {
  if (port === "") return "no host port: podman would pick a random one, which no unit can rely on";
  if (/^\d+-\d+$/.test(port)) return "a port range: the inventory binds single ports";
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return `"${port}" is not a port`;
  return undefined;
}

function ipProblem(ip: string): string | undefined {
  return ipv4.test(ip) || ipv6.test(ip) ? undefined : `"${ip}" is not an IP address`;
}

/** IP → a name that says what the address is, in the order the source first uses each. */
export function nameAddresses(ips: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Map<string, number>();
  for (const ip of ips) {
    if (names.has(ip)) continue;
    const base = kindOf(ip);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    // addr1, addr2…; other kinds are bare the first time: loopback, then loopback2.
    const name = base === "addr" ? `addr${n}` : n === 1 ? base : /\d$/.test(base) ? `${base}-${n}` : `${base}${n}`;
    names.set(ip, name);
  }
  return names;
}

function kindOf(ip: string): string {
  if (ip.includes(":")) return ip === "::1" ? "loopback6" : ip === "::" ? "any6" : "addr";
  const [a = 0, b = 0] = ip.split(".").map(Number);
  if (a === 127) return "loopback";
  if (ip === "0.0.0.0") return "any";
  if (isTailnet(ip)) return "tailnet";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "lan";
  return "addr";
}

/** 100.64.0.0/10, the shared address space (RFC 6598) Tailscale hands its nodes' addresses from. */
export function isTailnet(ip: string): boolean {
  const [a, b = 0] = ip.split(".").map(Number);
  return a === 100 && b >= 64 && b <= 127;
}
