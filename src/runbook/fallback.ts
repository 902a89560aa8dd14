// A service's manual fallback, for when systemd cannot start it: the `podman run` that starts, by
// hand, the same container as its Quadlet unit (same name, image, pull policy, network, user,
// ports, volumes, environment, arguments, health check), written the runbook's way: one option per
// line, `\` continuations; and its health probe as an operator runs it from the host.
// What differs from the unit is what only makes sense under systemd:
// - `--restart unless-stopped` instead of the unit's Restart=: outside systemd nothing else
//   restarts a crashed container (inside a unit, podman's policy must not be combined with systemd's);
// - no --sdnotify, --cidfile, --rm, --replace, --cgroups=split: they serve the unit's lifecycle;
// - no --health-on-failure: its kill/stop would leave a slow container down with nothing to bring it
//   back; the health check itself stays, so `podman healthcheck run NAME` works.
// The host-side probe goes to the host address and port that publish the probed container port
// (host-network services listen on the host directly); curl and nc bound each attempt to 5 s.
import type { Inventory, Service } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import { effectivePull } from "../graph/policy.js";
import { formatDuration } from "../inventory/duration.js";
import { podmanStartPeriodSec } from "../inventory/health.js";
import { healthCommand, shellWord } from "../units/health-cmd.js";
import { publishSpec, volumeSpec } from "../units/container.js";
import { byCodeUnit } from "../report/finding.js";

/** The command's words, one group per printed line. */
export function manualRunLines(service: Service, inventory: Inventory, graph: ServiceGraph): string[][] {
  const h = service.health;
  const user = service.user === undefined ? undefined : `${service.user}${service.group === undefined ? "" : `:${service.group}`}`;
  return [
    ["podman", "run", "-d", "--name", service.containerName, "--restart", "unless-stopped"],
    ["--pull", effectivePull(inventory, graph, service)],
    ...(service.network === "host" ? [["--network", "host"]] : []),
    ...(user === undefined ? [] : [["--user", user]]),
    ...service.ports.map((p) => ["-p", publishSpec(p)]),
    ...service.volumes.map((v) => ["-v", volumeSpec(v)]),
    // Quadlet passes Environment= sorted by name: the same order here keeps the two comparable.
    ...[...service.environment].sort(([a], [b]) => byCodeUnit(a, b)).map(([k, v]) => ["-e", `${k}=${v}`]),
    ...(h
      ? [
          ["--health-cmd", healthCommand(h.probe)],
          ["--health-interval", formatDuration(h.intervalSec)],
          ["--health-timeout", formatDuration(h.timeoutSec)],
          ["--health-retries", String(h.retries)],
          ["--health-start-period", formatDuration(podmanStartPeriodSec(h, service.notifyHealthy))],
        ]
      : []),
    [service.image],
    ...wrapWords(service.args),
  ];
}

/** Arguments on one line when they fit, else one per line with each option beside its value. */
function wrapWords(words: readonly string[], width = 72): string[][] {
  if (words.length === 0) return [];
  if (words.map(shellWord).join(" ").length <= width) return [[...words]];
  const lines: string[][] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const next = words[i + 1];
    const takesValue = /^-/.test(word) && !word.includes("=") && next !== undefined && !/^-/.test(next);
    lines.push(takesValue ? [word, next] : [word]);
    if (takesValue) i++;
  }
  return lines;
}

/** Lines of words → shell text: words quoted for sh, continuation lines indented. */
export function formatShellLines(lines: readonly (readonly string[])[]): string[] {
  return lines.map((words, i) => `${i === 0 ? "" : "  "}${words.map(shellWord).join(" ")}${i < lines.length - 1 ? " \\" : ""}`);
}

/** A command and the address:port it probes, or why there is none from the host. */
export type HostProbe = { readonly command: string; readonly target: string; readonly why?: undefined } | { readonly command?: undefined; readonly target?: undefined; readonly why: string };

export function hostProbe(service: Service): HostProbe {
  const probe = service.health?.probe;
  if (!probe) return { why: "it has no health check" };
  if (probe.kind === "command") return { why: "its health check is a command inside the container" };
  if (probe.kind === "dns") return dnsHostProbe(service, probe.name);
  const where = hostEndpoint(service, probe.port);
  if (!where) return { why: `container port ${probe.port} is not published on the host` };
  const target = `${where.ip.includes(":") ? `[${where.ip}]` : where.ip}:${where.port}`;
  switch (probe.kind) {
    case "http":
      return { command: `curl -fsS -o /dev/null --max-time 5 ${shellWord(`http://${target}${probe.urlPath}`)}`, target };
    case "https":
      // -k: the services present certificates for their public names, not for this address.
      return { command: `curl -fsSk -o /dev/null --max-time 5 ${shellWord(`https://${target}${probe.urlPath}`)}`, target };
    case "tcp":
      return { command: `nc -z -w 5 ${where.ip} ${where.port}`, target };
  }
}

/** The same question from the host, to the address and port that publish the container's 53/udp. */
function dnsHostProbe(service: Service, name: string): HostProbe {
  const where = hostEndpoint(service, 53, "udp");
  if (!where) return { why: "container port 53/udp is not published on the host" };
  const target = `${where.ip}:${where.port}`;
  return { command: `dig +short +time=5 +tries=1 -p ${where.port} @${where.ip} ${shellWord(name)} | grep -q .`, target };
}

/** Loopback first (up whenever the host is), then every-address bindings, then the first named one. */
function hostEndpoint(service: Service, containerPort: number, protocol: "tcp" | "udp" = "tcp"): { ip: string; port: number } | undefined {
  if (service.network === "host") return { ip: "127.0.0.1", port: containerPort };
  const bindings = service.ports.filter((p) => p.containerPort === containerPort && p.protocol === protocol);
  const pick =
    bindings.find((p) => p.address !== undefined && isLoopback(p.address.ip)) ??
    bindings.find((p) => p.address === undefined) ??
    bindings[0];
  return pick ? { ip: pick.address?.ip ?? "127.0.0.1", port: pick.hostPort } : undefined;
}

const isLoopback = (ip: string): boolean => ip.startsWith("127.") || ip === "::1";
