// Whole random services within the schema and the validation rules (names up to 128 characters,
// every port form on IPv4 and IPv6 addresses, both networks, dependencies, every probe kind,
// hostile descriptions and values), and the container each must start.
import fc from "fast-check";
import { characterProblem, healthCommandProblem, textProblem, wordProblem } from "../../src/units/quote.js";
import { healthCommand } from "../../src/units/health-cmd.js";
import { hostileString } from "./strings.js";
import { inventory } from "./value-cases.js";
import type { Json } from "./yaml-text.js";

export interface Addresses {
  readonly [name: string]: string;
}

/** Named addresses of the one host, one of each kind; the random ones vary per inventory. */
export const addresses: fc.Arbitrary<Addresses> = fc.record({ loopback: fc.constant("127.0.0.1"), lan: fc.ipV4(), v6: fc.constant("::1"), v6r: fc.ipV6() });

/** No `..` and no trailing `.`: a name must not make `NAME.container` a path of its own. */
const fileSafe = (n: string): boolean => !n.includes("..") && !n.endsWith(".");
const name = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,20}$/).filter(fileSafe),
  // The longest the schema allows: `<128>.service` is far below systemd's 255 for a unit name.
  fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{127}$/).filter(fileSafe),
);
const tag = fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,20}$/).filter((t) => t !== "latest");
const image = fc.oneof(
  fc.tuple(fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)*$/), tag).map(([n, t]) => `localhost/${n}:${t}`),
  fc.stringMatching(/^[0-9a-f]{64}$/).map((d) => `quay.io/org/app@sha256:${d}`),
);
const duration = fc.constantFrom("1s", "5s", "10s", "30s", "1m", "1m30s", "2m");
const port = fc.integer({ min: 1, max: 65535 });
const pathPiece = fc.constantFrom("srv", "data", "é", "😀", "a%b", "x=y", "@", "+", ",", "-", "_", ".", "漢", "a\u0301");
const hostPath = fc.array(pathPiece, { minLength: 1, maxLength: 3 }).map((p) => `/${p.join("/")}`);
const containerPath = fc.array(fc.oneof(pathPiece, fc.constant("with space")), { minLength: 1, maxLength: 3 }).map((p) => `/${p.join("/")}`);

const passable = (problem: (v: string) => string | undefined) => hostileString().filter((v) => problem(v) === undefined && characterProblem(v) === undefined);

const probe = fc.oneof(
  fc.record({ http: fc.record({ port, path: fc.constantFrom("/", "/health", "/v2/?n=1&x=2", "/it's") }) }),
  fc.record({ https: fc.record({ port, path: fc.constantFrom("/", "/health") }) }),
  fc.record({ tcp: fc.record({ port }) }),
  fc.record({ command: passable(healthCommandProblem).filter((c) => c !== "") }),
);

/**
 * Hostile text, but without what characterProblem() refuses in values (in a description it would
 * only spoil the text) and without a trailing `\`: refused in a service's description, and not
 * yet in a stage's, where it breaks the units (see edges.test.ts).
 */
const descriptionText = passable(textProblem).filter((t) => t !== "");

/** A service before names are resolved: dependencies and ports are raw numbers. */
const draft = fc.record({
  name,
  ownContainerName: fc.boolean(),
  stage: fc.integer({ min: 1, max: 3 }),
  image,
  pull: fc.option(fc.constantFrom("never", "missing", "always", "newer"), { nil: undefined }),
  host: fc.boolean(),
  user: fc.option(fc.stringMatching(/^[a-zA-Z0-9_.-]{1,12}(:[a-zA-Z0-9_.-]{1,12})?$/), { nil: undefined }),
  ports: fc.array(fc.record({ address: fc.constantFrom(undefined, "loopback", "lan", "v6", "v6r"), host: port, container: port, protocol: fc.constantFrom("", "/tcp", "/udp") }), { maxLength: 3 }),
  volumes: fc.array(fc.tuple(hostPath, containerPath, fc.constantFrom("", ":ro", ":Z", ":rw,z")), { maxLength: 2 }),
  args: fc.array(passable(wordProblem), { maxLength: 4 }),
  environment: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), passable(() => undefined)), { maxLength: 3 }),
  deps: fc.array(fc.record({ to: fc.nat(), hard: fc.boolean() }), { maxLength: 3 }),
  health: fc.option(fc.record({ probe, interval: duration, timeout: duration, retries: fc.integer({ min: 1, max: 5 }), start_period: duration, on_failure: fc.constantFrom("none", "kill", "restart", "stop") }), { nil: undefined }),
  notifyNone: fc.boolean(),
  restart: fc.option(fc.constantFrom("no", "on-success", "on-failure", "on-abnormal", "on-abort", "always"), { nil: undefined }),
  restartDelay: fc.option(duration, { nil: undefined }),
  description: fc.option(descriptionText, { nil: undefined }),
  reachedVia: fc.subarray(["loopback", "lan", "v6", "v6r"]),
});
type Draft = typeof draft extends fc.Arbitrary<infer D> ? D : never;

/** What the container of one service must be started with. */
export interface Expected {
  readonly name: string;
  readonly image: string;
  readonly network?: string | undefined;
  readonly user?: string | undefined;
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
  readonly env: readonly string[];
  readonly args: readonly string[];
  readonly healthCmd: readonly string[];
  /** How systemd starts it: its own dependencies, restart policy, start timeout; podman's pull. */
  readonly unit: ExpectedUnit;
}

/** The lines of the generated .service these come from: Requires=, Wants=, After=, Restart=, ... */
export interface ExpectedUnit {
  /** The inventory's services it Requires= (hard) and Wants= (soft), sorted; both in After=. */
  readonly requires: readonly string[];
  readonly wants: readonly string[];
  readonly after: readonly string[];
  readonly restart: string;
  readonly restartSec: string | undefined;
  readonly timeoutStartSec: string | undefined;
  readonly pull: string;
}

export interface RandomInventory {
  readonly json: Record<string, Json>;
  readonly expected: ReadonlyMap<string, Expected>;
}

export const randomInventory: fc.Arbitrary<RandomInventory> = fc
  .tuple(addresses, fc.uniqueArray(draft, { minLength: 1, maxLength: 60, size: "max", selector: (d) => d.name }), fc.array(descriptionText, { minLength: 3, maxLength: 3 }))
  .map(([ips, drafts, stageDescriptions]) => assemble(ips, drafts, stageDescriptions));

/** Resolves names, keeps host ports unique (clashes are refused by design) and deps acyclic. */
function assemble(ips: Addresses, drafts: readonly Draft[], stageDescriptions: readonly string[]): RandomInventory {
  const usedPorts = new Set<number>();
  const claim = (p: number): boolean => (usedPorts.has(p) ? false : (usedPorts.add(p), true));
  const names = new Set(drafts.map((d) => d.name));
  const services: Record<string, Json> = {};
  const expected = new Map<string, Expected>();
  drafts.forEach((d, i) => {
    const ports = d.host ? [] : d.ports.filter((p) => claim(p.host));
    const listens = d.host ? d.ports.filter((p) => claim(p.host)).map((p) => `${p.host}${p.protocol}`) : [];
    const deps = uniqueDeps(d, drafts.slice(0, i));
    const containerName = d.ownContainerName && d.name.length < 127 && !names.has(`${d.name}-c`) ? `${d.name}-c` : undefined;
    const env = uniqueKeys(d.environment);
    services[d.name] = compact({
      description: d.description, stage: d.stage, container_name: containerName, image: d.image, pull: d.pull,
      network: d.host ? "host" : "bridge", user: d.user,
      ports: ports.map((p) => `${p.address ? `${p.address}:` : ""}${p.host}:${p.container}${p.protocol}`),
      listens, volumes: d.volumes.map(([s, t, o]) => `${s}:${t}${o}`), args: d.args, environment: Object.fromEntries(env),
      requires: deps.filter((x) => x.hard).map((x) => x.name), wants: deps.filter((x) => !x.hard).map((x) => x.name),
      health: d.health ? { ...d.health.probe, interval: d.health.interval, timeout: d.health.timeout, retries: d.health.retries, start_period: d.health.start_period, on_failure: d.health.on_failure } : undefined,
      notify: d.health && d.notifyNone ? "none" : undefined, restart: d.restart, restart_delay: d.restartDelay, reached_via: d.reachedVia,
    });
    expected.set(d.name, {
      name: containerName ?? d.name,
      image: d.image,
      network: d.host ? "host" : undefined,
      user: d.user,
      ports: ports.map((p) => `${publishAddress(p.address, ips)}${p.host}:${p.container}${p.protocol || "/tcp"}`),
      volumes: d.volumes.map(([s, t, o]) => `${s}:${t}${o}`),
      env: env.map(([k, v]) => `${k}=${v}`).sort(),
      args: d.args,
      healthCmd: d.health ? [healthCommand(probeOf(d.health.probe))] : [],
      unit: expectedUnit(d, deps),
    });
  });
  const stages = stageDescriptions.map((description, i) => ({ name: `prop-stage${i + 1}`, description }));
  const hosts = { box: { addresses: { ...ips, lan: { ip: ips["lan"] as string, provided_by: "network-online.target" } }, unprivileged_port_start: 0 } };
  return { json: inventory(services, { hosts, stages, platform: { name: "Prop", user: "app", uid: 900, gid: 900, home: "/srv/app" } }), expected };
}

const seconds = (d: string): number => [...d.matchAll(/(\d+)(m|s)/g)].reduce((t, [, n, u]) => t + Number(n) * (u === "m" ? 60 : 1), 0);

/**
 * As the README documents them, for an inventory without `registry:` or `defaults:` (so every
 * service may pull: `missing`): restart `always` after 10 s unless set (no RestartSec= with `no`);
 * a start timeout only for a health-gated service, its health budget (start period + retries ×
 * interval + timeout) + 30 s to create the container + 120 s when it may pull.
 */
function expectedUnit(d: Draft, deps: readonly { name: string; hard: boolean }[]): ExpectedUnit {
  const unit = (x: { name: string }) => `${x.name}.service`;
  const pull = d.pull ?? "missing";
  const h = d.health;
  const budget = h ? seconds(h.start_period) + h.retries * seconds(h.interval) + seconds(h.timeout) : 0;
  const restart = d.restart ?? "always";
  return {
    requires: deps.filter((x) => x.hard).map(unit).sort(), wants: deps.filter((x) => !x.hard).map(unit).sort(),
    after: deps.map(unit).sort(), restart, restartSec: restart === "no" ? undefined : `${seconds(d.restartDelay ?? "10s")}s`,
    timeoutStartSec: h && !d.notifyNone ? `${budget + 30 + (pull === "never" ? 0 : 120)}s` : undefined, pull,
  };
}

/** podman-run(1) --publish: IPv6 addresses in brackets. */
const publishAddress = (name: string | undefined, ips: Addresses): string => {
  const ip = name === undefined ? undefined : ips[name];
  return ip === undefined ? "" : ip.includes(":") ? `[${ip}]:` : `${ip}:`;
};

function uniqueDeps(d: Draft, earlier: readonly Draft[]): { name: string; hard: boolean }[] {
  const seen = new Set<string>();
  return d.deps.flatMap(({ to, hard }) => {
    const target = earlier.length ? earlier[to % earlier.length] : undefined;
    if (!target || target.stage > d.stage || seen.has(target.name)) return [];
    seen.add(target.name);
    return [{ name: target.name, hard }];
  });
}

const uniqueKeys = (env: readonly (readonly [string, string])[]): (readonly [string, string])[] => [...new Map(env.map(([k, v]) => [k, v] as const))];

function probeOf(p: NonNullable<Draft["health"]>["probe"]): Parameters<typeof healthCommand>[0] {
  if ("http" in p) return { kind: "http", port: p.http.port, urlPath: p.http.path };
  if ("https" in p) return { kind: "https", port: p.https.port, urlPath: p.https.path };
  if ("tcp" in p) return { kind: "tcp", port: p.tcp.port };
  return { kind: "command", command: p.command };
}

/** Leaves out what is undefined, so the YAML has only the keys a user would write. */
const compact = (o: Record<string, Json | undefined>): Json =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, Json] => e[1] !== undefined));
