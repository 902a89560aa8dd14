// The inventory's schema: what a user may write in services.yaml. Strict objects everywhere, so
// a misspelt key is an error with a did-you-mean, never silently ignored. The descriptions end
// up in services.schema.json (`mcquad schema`), where editors show them on hover.
import { z } from "zod";
import { imageReferenceProblem, registryPrefixProblem } from "../check/image-reference.js";

/** A refinement from a function that says why a value is refused. */
const refuse = (problem: (value: string) => string | undefined, what: string, hint: string) => (value: string, ctx: z.RefinementCtx) => {
  const why = problem(value);
  if (why !== undefined) ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} is ${what}: ${why}`, params: { hint } });
};

/**
 * A name that becomes part of a file name (a unit, a host's folder), a unit name or a container
 * name: podman's container-name characters, which systemd unit names also allow (systemd.unit(5)),
 * no `/`, and no `..` or trailing `.` that could make `NAME.container` a path of its own.
 */
export const NAME_RULE = "must start with a letter or digit, use only letters, digits, '_', '.', '-', hold no '..' and not end in '.' (at most 128)";
const name = z.string().regex(/^(?!.*\.\.)[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,126}[a-zA-Z0-9_-])?$/, NAME_RULE);

/** Go durations (podman's health flags) that systemd also reads: 90s, 1m30s, 500ms, 2h. */
export const durationPattern = /^(\d+(ms|h|m|s))+$/;
const duration = z.string().regex(durationPattern, "must be a duration such as 10s, 1m30s or 500ms");

const port = z.number().int().min(1).max(65535);
const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const ipv6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;
const ip = z.string().refine((s) => ipv4.test(s) || ipv6.test(s), "must be an IPv4 or IPv6 address");

const address = z.union([
  ip,
  z.strictObject({
    ip,
    /** The system unit that brings the address up (e.g. tailscaled.service). */
    provided_by: z.string().regex(/^[a-zA-Z0-9@_.:-]+\.(service|target|device)$/, "must be a unit name such as tailscaled.service").optional().describe("The system unit that brings the address up, e.g. tailscaled.service."),
  }),
]);

const idRange = z.strictObject({ start: z.number().int().min(1), count: z.number().int().min(1) }).describe("A subordinate id range, as in /etc/subuid and /etc/subgid.");

const platform = z.strictObject({
  /** The platform's name, used in unit descriptions. */
  name: z.string().min(1).default("platform").describe("The platform's name, used in unit descriptions."),
  user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a POSIX user name").describe("The rootless user that runs every container."),
  uid: z.number().int().min(1).max(2 ** 31 - 2).describe("Its uid. Podman's storage is tied to it: never change it."),
  gid: z.number().int().min(1).max(2 ** 31 - 2).describe("Its primary gid."),
  home: z.string().describe("Its home folder."),
  subuid: idRange.optional(),
  subgid: idRange.optional(),
}).describe("The rootless user every container runs as.");

const host = z.strictObject({
  addresses: z.record(name, address).default({}).describe("Named addresses (an IP, or { ip, provided_by }), used by name in port bindings."),
  /** net.ipv4.ip_unprivileged_port_start on this host: rootless podman binds lower ports only below it. */
  unprivileged_port_start: z.number().int().min(0).max(65536).optional().describe("net.ipv4.ip_unprivileged_port_start on this host: rootless podman binds lower ports only below it."),
  /** Who starts the platform at boot (src/nixos/): never both, or containers start before tailscaled. */
  start: z.enum(["door", "user-manager"]).default("door").describe("Who starts the platform at boot: door (the system's <last stage>.target, once the network and the address providers are up) or user-manager (its default.target, at linger time)."),
  /** How the user manager's services wait for addresses a system unit provides (src/nixos/host.ts). */
  address_wait: z
    .enum(["order-user-manager", "nonlocal-bind", "exec-start-pre", "none"])
    .default("order-user-manager")
    .describe("How services wait for addresses that a system unit provides: order-user-manager (user@<uid>.service after the providers), nonlocal-bind (net.ipv4.ip_nonlocal_bind=1), exec-start-pre (each such service waits in ExecStartPre=), none."),
});

const pending = z.strictObject({ name, reason: z.string().min(1).describe("Why it has no definition yet.") });
const stage = z.strictObject({
  name: name.describe("The stage target's name: NAME.target."),
  description: z.string().min(1).describe("What the stage brings up, for unit descriptions and the runbook."),
  /** Services a source names for this stage without a definition: kept visible, never invented. */
  pending: z.array(pending).default([]).describe("Services a source names for this stage without a definition: kept visible as warnings, never invented."),
});

const onFailure = z.enum(["none", "kill", "restart", "stop"]);
const healthTiming = {
  interval: duration.optional().describe("Time between checks (--health-interval)."),
  timeout: duration.optional().describe("Longest one check may run (--health-timeout)."),
  retries: z.number().int().min(1).max(100).optional().describe("Failed checks before the container is unhealthy (--health-retries)."),
  start_period: duration.optional().describe("Time after the start in which failed checks do not count (--health-start-period)."),
  on_failure: onFailure.optional().describe("What podman does to an unhealthy container (--health-on-failure)."),
  startup_interval: duration.optional().describe("How often the unit probes while it waits for its container's first passing check (default: interval): the unit is up about that long after the service is ready instead of up to one interval. The regular check keeps its interval."),
};
const httpProbe = z.strictObject({ port, path: z.string().regex(/^\//, "must start with /") });
const health = z.strictObject({
  dns: z.strictObject({ name: z.string().min(1).describe("A name the server answers for; {name.KEY} for one of names.") }).optional().describe("busybox nslookup NAME 127.0.0.1 inside the container must get an answer (port 53)."),
  http: httpProbe.optional().describe("GET http://127.0.0.1:PORT/PATH inside the container must succeed."),
  https: httpProbe.optional().describe("The same over TLS, certificate not checked."),
  tcp: z.strictObject({ port }).optional().describe("A TCP connect to 127.0.0.1:PORT inside the container must succeed."),
  /** A shell command run inside the container (podman's CMD-SHELL form). */
  command: z.string().min(1).optional().describe("A shell command run inside the container; exit status 0 is healthy."),
  ...healthTiming,
}).describe("The health check: exactly one of dns, http, https, tcp or command, and its timings.");

/**
 * A check run from outside the containers (src/checks/). Its command may name {address.NAME}
 * (a host address, --address overrides included), {name.KEY} (one of names) and {registry}.
 */
const check = z.strictObject({
  run: z.string().min(1).describe("The shell command, one line; {address.NAME}, {name.KEY}, {registry} and {host} are replaced."),
  as: z.enum(["root", "user", "workstation"]).describe("Where it runs: root or the platform user on the service's host, or the operator's workstation."),
  expect: z.string().min(1).describe("What success looks like, for the runbook."),
  output: z.string().min(1).optional().describe("An extended regular expression (grep -E) some line of its output must match; exit status 0 is needed either way. Placeholders as in run."),
  prerequisite: z.boolean().default(false).describe("Checked before anything starts (the runbook's prerequisites), not after."),
}).describe("A check from outside the containers: its exit status must be 0.");
const checks = z.record(name, check).default({}).describe("Checks by name, run from a host or the operator's workstation.");

const knownProblem = z.strictObject({
  services: z.array(name).default([]).describe("The services it concerns (none: the platform as a whole)."),
  symptom: z.string().min(1).describe("How it shows, as in a log or a command's output."),
  cause: z.string().min(1).describe("Why it happens."),
  fix: z.array(z.string().min(1)).min(1).describe("Shell commands that fix it, in order."),
  cost: z.string().min(1).optional().describe("What the fix costs."),
  loses_data: z.boolean().default(false).describe("The fix loses data: the runbook says so in bold."),
}).describe("A known problem: its symptom, cause, fix and what the fix costs.");

const restart = z.enum(["no", "on-success", "on-failure", "on-abnormal", "on-abort", "always"]);
const pull = z.enum(["never", "missing", "always", "newer"]);

const service = z.strictObject({
  description: z.string().min(1).optional().describe("The unit's Description= (default: platform, name and stage)."),
  host: name.optional().describe("The host it runs on; needed only when the inventory has several."),
  stage: z.number().int().min(1).describe("Its stage: 1-based, in the order of stages."),
  container_name: name.optional().describe("The container's name (default: the service's name)."),
  image: z.string().min(1).superRefine(refuse(imageReferenceProblem, "not an image reference podman accepts", "write [registry[:port]/]path[:tag][@digest]: a lower-case path, a tag of at most 128 characters, e.g. mcr-web:v1.3.2")).describe("The image, pinned to a tag or digest; the registry prefix is added when it names no registry."),
  network: z.enum(["bridge", "host"]).default("bridge").describe("bridge: publish ports; host: the host's network, with listens."),
  user: z.string().regex(/^[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_.-]+)?$/, 'must be "user" or "user:group"').optional().describe('The user inside the container (--user): "user" or "user:group".'),
  ports: z.array(z.string()).default([]).describe("Published ports: ADDRESS:HOST:CONTAINER[/udp] with a named address, or HOST:CONTAINER[/udp] on every address."),
  listens: z.array(z.string()).default([]).describe("Host network only: the host ports it listens on, e.g. 443/tcp."),
  volumes: z.array(z.string()).default([]).describe("Bind mounts: /host/path:/container/path[:options]."),
  args: z.array(z.string()).default([]).describe("Arguments after the image."),
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name"), z.string()).default({}).describe("Environment variables: NAME: value."),
  requires: z.array(name).default([]).describe("Hard dependencies: it starts after them and not at all if one fails (Requires= + After=)."),
  wants: z.array(name).default([]).describe("Soft dependencies: it starts after them, and also if one fails (Wants= + After=)."),
  health: health.optional(),
  notify: z.enum(["healthy", "none"]).optional().describe("healthy (the default with a health check): the unit is up once the container is healthy (its own wait, podman healthcheck run); none: once it runs."),
  pull: pull.optional().describe("Pull= (default: never when it may start before the registry is up, else missing)."),
  restart: restart.optional().describe("systemd's Restart= (default: defaults.restart)."),
  restart_delay: duration.optional().describe("systemd's RestartSec=."),
  start_timeout: duration.optional().describe("systemd's TimeoutStartSec= (default: the health budget + 30s, + 120s when it may pull)."),
  /** Addresses other hosts use to reach this service: a warning when no port is published there. */
  reached_via: z.array(name).default([]).describe("Named addresses other hosts reach it on: a warning when it publishes no port there."),
  checks,
});

const defaults = z.strictObject({
  restart: restart.optional().describe("systemd's Restart= for every service."),
  restart_delay: duration.optional().describe("systemd's RestartSec= for every service."),
  health: z.strictObject(healthTiming).optional().describe("Health check timings for every service."),
}).describe("Applied to every service that does not set its own.");

export const inventorySchema = z.strictObject({
  version: z.literal(1).describe("The inventory format: 1."),
  podman: z.string().regex(/^\d+\.\d+$/, 'must be a "major.minor" version such as "5.4"').default("5.4").describe('The oldest Podman whose Quadlet must accept the units, e.g. "5.4".'),
  systemd: z.string().regex(/^\d+$/, 'must be a systemd release number such as "252"').default("252").describe('The oldest systemd the hosts run, e.g. "252": the units need 237 (ConditionUser=).'),
  platform,
  registry: z
    .strictObject({
      prefix: z.string().min(1).superRefine(refuse(registryPrefixProblem, "not a registry prefix", "write the registry's host[:port], e.g. registry.example.net:5000")).describe("Added to image names that name no registry, e.g. registry.example.net:5000."),
      served_by: z.array(name).default([]).describe("The services that must be up before anything can pull from it."),
    })
    .optional()
    .describe("The platform's own registry."),
  hosts: z.record(name, host).refine((h) => Object.keys(h).length > 0, "must name at least one host").describe("The hosts, by name."),
  stages: z.array(stage).min(1).describe("The boot stages in order: each starts once every service of the one before it is healthy."),
  defaults: defaults.default({}),
  names: z.record(name, z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/, "must be a DNS name such as mcq.example.net")).default({}).describe("DNS names the checks and probes use, by key: {name.KEY}."),
  services: z.record(name, service).describe("One container each, by name: the unit's name and, unless container_name, the container's."),
  checks: checks.describe("Checks of the platform as a whole, by name."),
  known_problems: z.record(name, knownProblem).default({}).describe("Known problems by name: symptom, cause, fix, cost."),
});

export type RawInventory = z.infer<typeof inventorySchema>;
export type RawService = z.infer<typeof service>;
export type RawHealth = z.infer<typeof health>;
export type RawCheck = z.infer<typeof check>;
