// The inventory's schema: what a user may write in services.yaml. Strict objects everywhere, so
// a misspelt key is an error with a did-you-mean, never silently ignored.
import { z } from "zod";

/** A name that becomes part of a unit file name or a container name. */
const name = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, "must start with a letter or digit and use only letters, digits, '_', '.', '-' (at most 128)");

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
    provided_by: z.string().regex(/^[a-zA-Z0-9@_.:-]+\.(service|target|device)$/, "must be a unit name such as tailscaled.service").optional(),
  }),
]);

const idRange = z.strictObject({ start: z.number().int().min(1), count: z.number().int().min(1) });

const platform = z.strictObject({
  /** The platform's name, used in unit descriptions. */
  name: z.string().min(1).default("platform"),
  user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a POSIX user name"),
  uid: z.number().int().min(1).max(2 ** 31 - 2),
  gid: z.number().int().min(1).max(2 ** 31 - 2),
  home: z.string(),
  subuid: idRange.optional(),
  subgid: idRange.optional(),
});

const host = z.strictObject({
  addresses: z.record(name, address).default({}),
  /** net.ipv4.ip_unprivileged_port_start on this host: rootless podman binds lower ports only below it. */
  unprivileged_port_start: z.number().int().min(0).max(65536).optional(),
});

const pending = z.strictObject({ name, reason: z.string().min(1) });
const stage = z.strictObject({
  name,
  description: z.string().min(1),
  /** Services a source names for this stage without a definition: kept visible, never invented. */
  pending: z.array(pending).default([]),
});

const onFailure = z.enum(["none", "kill", "restart", "stop"]);
const healthTiming = {
  interval: duration.optional(),
  timeout: duration.optional(),
  retries: z.number().int().min(1).max(100).optional(),
  start_period: duration.optional(),
  on_failure: onFailure.optional(),
};
const httpProbe = z.strictObject({ port, path: z.string().regex(/^\//, "must start with /") });
const health = z.strictObject({
  http: httpProbe.optional(),
  https: httpProbe.optional(),
  tcp: z.strictObject({ port }).optional(),
  /** A shell command run inside the container (podman's CMD-SHELL form). */
  command: z.string().min(1).optional(),
  ...healthTiming,
});

const restart = z.enum(["no", "on-success", "on-failure", "on-abnormal", "on-abort", "always"]);
const pull = z.enum(["never", "missing", "always", "newer"]);

const service = z.strictObject({
  description: z.string().min(1).optional(),
  host: name.optional(),
  stage: z.number().int().min(1),
  container_name: name.optional(),
  image: z.string().min(1),
  network: z.enum(["bridge", "host"]).default("bridge"),
  user: z.string().regex(/^[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_.-]+)?$/, 'must be "user" or "user:group"').optional(),
  ports: z.array(z.string()).default([]),
  listens: z.array(z.string()).default([]),
  volumes: z.array(z.string()).default([]),
  args: z.array(z.string()).default([]),
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name"), z.string()).default({}),
  requires: z.array(name).default([]),
  wants: z.array(name).default([]),
  health: health.optional(),
  notify: z.enum(["healthy", "none"]).optional(),
  pull: pull.optional(),
  restart: restart.optional(),
  restart_delay: duration.optional(),
  start_timeout: duration.optional(),
  /** Addresses other hosts use to reach this service: a warning when no port is published there. */
  reached_via: z.array(name).default([]),
});

const defaults = z.strictObject({
  restart: restart.optional(),
  restart_delay: duration.optional(),
  health: z.strictObject(healthTiming).optional(),
});

export const inventorySchema = z.strictObject({
  version: z.literal(1),
  podman: z.string().regex(/^\d+\.\d+$/, 'must be a "major.minor" version such as "5.4"').default("5.4"),
  platform,
  registry: z.strictObject({ prefix: z.string().min(1), served_by: z.array(name).default([]) }).optional(),
  hosts: z.record(name, host).refine((h) => Object.keys(h).length > 0, "must name at least one host"),
  stages: z.array(stage).min(1),
  defaults: defaults.default({}),
  services: z.record(name, service),
});

export type RawInventory = z.infer<typeof inventorySchema>;
export type RawService = z.infer<typeof service>;
export type RawHealth = z.infer<typeof health>;
