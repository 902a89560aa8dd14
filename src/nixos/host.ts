// The host's side of rootless podman: podman itself with what its health checks need, the
// lowest port it must bind, and how the user manager waits for addresses that system units
// bring up. Each section is present only when the inventory needs it.
import type { Service } from "../inventory/model.js";
import { attr, attrs, code, str, strings } from "./nix.js";
import { addressProviders, servicesOnProvidedAddresses, type ModuleContext, type NixSection } from "./context.js";

export function podmanSection(): NixSection {
  return {
    comments: [
      "Rootless podman and its Quadlet user generator (wired up in nixpkgs PR #316168).",
      "Health checks run as transient systemd-run timers in the user manager: systemd-run must be on podman's PATH, which a systemd service's PATH is not (nixpkgs PR #362372).",
    ],
    attrs: [attr(["virtualisation", "podman", "enable"], true), attr(["virtualisation", "podman", "extraPackages"], [code("pkgs.systemd")])],
  };
}

/** Ports below 1024, with what binds them: a published host port, or a host-network listener. */
function privilegedPorts(services: readonly Service[]): { port: number; service: string }[] {
  return services
    .flatMap((s) => (s.network === "host" ? s.listens.map((l) => l.port) : s.ports.map((p) => p.hostPort)).map((port) => ({ port, service: s.name })))
    .filter((p) => p.port < 1024);
}

/** Lowered exactly to the lowest privileged port published, and only when one is. */
export function sysctlSections(ctx: ModuleContext): NixSection[] {
  const lowest = privilegedPorts(ctx.services).sort((a, b) => a.port - b.port)[0];
  if (!lowest) return [];
  return [
    {
      comments: [`${lowest.service} binds port ${lowest.port}, the lowest privileged port on ${ctx.host.name}: rootless podman binds ports below 1024 only from net.ipv4.ip_unprivileged_port_start on (IPv6 included). Lowered that far and no further.`],
      attrs: [attr(["boot", "kernel", "sysctl", "net.ipv4.ip_unprivileged_port_start"], lowest.port)],
    },
  ];
}

/** "mcns and kls bind 100.95.252.120, which tailscaled.service brings up." */
function boundSentence(ctx: ModuleContext): string {
  const bound = servicesOnProvidedAddresses(ctx);
  const providers = addressProviders(ctx);
  const ips = [...new Set(bound.flatMap((b) => b.ips))];
  return `${listed(bound.map((b) => b.service.name))} ${bound.length === 1 ? "binds" : "bind"} ${listed(ips)}, which ${listed(providers)} ${providers.length === 1 ? "brings" : "bring"} up.`;
}

const listed = (items: readonly string[]): string => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`);

/**
 * How the user manager's services wait for addresses that system units bring up (a user unit
 * cannot be ordered after a system unit: systemd issues #3312, #28762). The inventory chooses;
 * order-user-manager is the door's address wait and user manager drop-in (src/door/units.ts).
 */
export function addressWaitSections(ctx: ModuleContext): NixSection[] {
  const bound = servicesOnProvidedAddresses(ctx);
  if (bound.length === 0) return [];
  if (ctx.host.addressWait === "exec-start-pre") return [execStartPreSection(ctx)];
  if (ctx.host.addressWait !== "nonlocal-bind") return [];
  const families = bound.flatMap((b) => b.ips).some((ip) => ip.includes(":")) ? ["ipv4", "ipv6"] : ["ipv4"];
  return [
    {
      comments: [`${boundSentence(ctx)} Let them bind before an address exists (address_wait: nonlocal-bind): traffic flows once it appears. Host-wide: any process may then bind any address.`],
      attrs: families.map((f) => attr(["boot", "kernel", "sysctl", `net.${f}.ip_nonlocal_bind`], 1)),
    },
  ];
}

/** Each such service waits in ExecStartPre= until its addresses exist, within its start timeout. */
function execStartPreSection(ctx: ModuleContext): NixSection {
  // ip-address(8): `show to ADDRESS` prints nothing until the address is on an interface. No `$`
  // or `%` in the command, which systemd would expand (systemd.service(5), "Command lines").
  const until = (ip: string) => [
    "until ", code("pkgs.iproute2"), `/bin/ip -o address show to ${ip} | `, code("pkgs.gnugrep"), "/bin/grep -q .; do ",
    code("pkgs.coreutils"), "/bin/sleep 1; done",
  ];
  const dropIn = (ips: readonly string[]) =>
    str("[Service]\n", "ExecStartPre=", code("pkgs.bash"), "/bin/bash -c '", ...ips.flatMap((ip, i) => [...(i ? ["; "] : []), ...until(ip)]), "'\n");
  return {
    comments: [`${boundSentence(ctx)} Each waits for its addresses in ExecStartPre= (address_wait: exec-start-pre), a drop-in for the unit Quadlet generates; the wait counts against its start timeout.`],
    attrs: servicesOnProvidedAddresses(ctx).map((b) => attr(["systemd", "user", "units", `${b.service.name}.service`], attrs(attr("overrideStrategy", str("asDropin")), attr("text", dropIn(b.ips))))),
  };
}
