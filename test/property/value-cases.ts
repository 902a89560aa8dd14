// One service per case of hostile values (arguments, environment, volumes, a health command),
// the inventory that declares them, and what the container must receive.
import fc from "fast-check";
import { hostilePath, hostileString } from "./strings.js";
import type { Json, Path } from "./yaml-text.js";
import { type ReadBack, podmanAskedAbout, simplifyPath } from "./readback.js";

export interface ValueCase {
  readonly args: readonly string[];
  readonly environment: readonly (readonly [string, string])[];
  readonly volumes: readonly (readonly [string, string])[];
  readonly health?: string | undefined;
}

/** Half of the volume sources without what RequiresMountsFor= misreads, so their targets get tested too. */
const source = fc.oneof(hostilePath, hostilePath.map((p) => p.replace(/[ "'\\$]/g, "_")));

/** Hostile health commands, now and then one whose reading podman gave in the guest (readback.ts). */
export const healthValue = (value: fc.Arbitrary<string> = hostileString()): fc.Arbitrary<string> =>
  fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(...podmanAskedAbout) });

export const valueCase = (value: fc.Arbitrary<string> = hostileString(), path: fc.Arbitrary<string> = hostilePath, sourcePath = source,
  health: fc.Arbitrary<string> = value): fc.Arbitrary<ValueCase> =>
  fc.record({
    args: fc.array(value, { maxLength: 6 }),
    environment: fc.array(value, { maxLength: 4 }).map((vs) => vs.map((v, i) => [`K${i}`, v] as const)),
    volumes: fc.array(fc.tuple(sourcePath, path), { maxLength: 3 }),
    health: fc.option(health, { nil: undefined }),
  });

export const IMAGE = "localhost/prop:1";
export const serviceName = (i: number): string => `v${i}`;

/** A minimal valid inventory around `services` (name → service fields). */
export function inventory(services: Record<string, Json>, extra: Record<string, Json> = {}): Record<string, Json> {
  return {
    version: 1,
    podman: "5.4",
    platform: { name: "Prop", user: "app", uid: 900, gid: 900, home: "/srv/app" },
    hosts: { box: { addresses: { loopback: "127.0.0.1" } } },
    stages: [{ name: "prop-stage1", description: "Property tests" }],
    ...extra,
    services,
  };
}

export function caseService(c: ValueCase): Json {
  return {
    stage: 1,
    image: IMAGE,
    pull: "never",
    args: [...c.args],
    environment: Object.fromEntries(c.environment),
    volumes: c.volumes.map(([s, t]) => `${s}:${t}`),
    ...(c.health === undefined ? {} : { health: { command: c.health } }),
  };
}

/** Every value of a case with the inventory path it is written at. */
export function valuePaths(name: string, c: ValueCase): { path: Path; value: string }[] {
  const at = (...rest: (string | number)[]): Path => ["services", name, ...rest];
  return [
    ...c.args.map((value, i) => ({ path: at("args", i), value })),
    ...c.environment.map(([k, value]) => ({ path: at("environment", k), value })),
    ...c.volumes.map(([s, t], i) => ({ path: at("volumes", i), value: `${s}:${t}` })),
    ...(c.health === undefined ? [] : [{ path: at("health", "command"), value: c.health }]),
  ];
}

/** The case without the values at `refused` (inventory paths as JSON). */
export function withoutRefused(name: string, c: ValueCase, refused: ReadonlySet<string>): ValueCase {
  const keep = (...rest: (string | number)[]) => !refused.has(JSON.stringify(["services", name, ...rest]));
  return {
    args: c.args.filter((_, i) => keep("args", i)),
    environment: c.environment.filter(([k]) => keep("environment", k)),
    volumes: c.volumes.filter((_, i) => keep("volumes", i)),
    health: c.health !== undefined && keep("health", "command") ? c.health : undefined,
  };
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What a container receives of a case's values, and what systemd could not read. */
export interface Received {
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly volumes: readonly string[];
  readonly healthCmd: readonly string[];
  readonly mountsFor: readonly string[];
  readonly unreadable: readonly string[];
}

/** What the container must receive; Quadlet sorts --env by key (REFERENCE §2). */
export function expected(c: ValueCase): Received {
  return {
    args: c.args,
    env: c.environment.map(([k, v]) => `${k}=${v}`).sort(byCodeUnit),
    volumes: c.volumes.map(([s, t]) => `${s}:${t}`),
    healthCmd: c.health === undefined ? [] : [c.health],
    mountsFor: c.volumes.map(([s]) => simplifyPath(s)),
    unreadable: [],
  };
}

export function received(r: ReadBack): Received {
  return {
    args: r.spec.args,
    env: [...r.spec.env].sort(byCodeUnit),
    volumes: r.spec.volumes,
    healthCmd: r.healthCmd,
    mountsFor: r.mountsFor,
    unreadable: r.unreadable,
  };
}
