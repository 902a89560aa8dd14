// The resolved inventory: defaults applied, strings parsed, names resolved to addresses. Every
// later stage reads this, never the raw YAML shape.

/** A location in the inventory document, as keys and indexes from its root. */
export type Path = readonly (string | number)[];

export interface Platform {
  readonly name: string;
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly subuid?: { readonly start: number; readonly count: number };
  readonly subgid?: { readonly start: number; readonly count: number };
}

export interface Address {
  readonly name: string;
  readonly ip: string;
  readonly providedBy?: string;
}

export interface Host {
  readonly name: string;
  /** Sorted by name. */
  readonly addresses: readonly Address[];
  readonly unprivilegedPortStart?: number;
  /** Who starts the platform at boot: the system-side door, or the user manager's default.target. */
  readonly start: "door" | "user-manager";
  /** How services wait for addresses that system units provide (see src/nixos/host.ts). */
  readonly addressWait: "order-user-manager" | "nonlocal-bind" | "exec-start-pre" | "none";
}

export interface Stage {
  /** 1-based position, as the inventory's services refer to it. */
  readonly index: number;
  readonly name: string;
  readonly description: string;
  readonly pending: readonly { readonly name: string; readonly reason: string }[];
}

export type Protocol = "tcp" | "udp";

export interface PortBinding {
  /** The named address, or undefined for every address of the host. */
  readonly address?: Address;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly path: Path;
}

export interface Listen {
  readonly port: number;
  readonly protocol: Protocol;
  readonly path: Path;
}

export interface VolumeMount {
  readonly source: string;
  readonly target: string;
  readonly options?: string;
  readonly path: Path;
}

export type Probe =
  | { readonly kind: "dns"; readonly name: string }
  | { readonly kind: "http" | "https"; readonly port: number; readonly urlPath: string }
  | { readonly kind: "tcp"; readonly port: number }
  | { readonly kind: "command"; readonly command: string };

export type HealthOnFailure = "none" | "kill" | "restart" | "stop";

export interface Health {
  readonly probe: Probe;
  readonly intervalSec: number;
  readonly timeoutSec: number;
  readonly retries: number;
  readonly startPeriodSec: number;
  readonly onFailure: HealthOnFailure;
  /** How often the unit's wait for health probes until the first pass (else the interval). */
  readonly startupIntervalSec?: number;
}

export type Pull = "never" | "missing" | "always" | "newer";

export interface Service {
  readonly name: string;
  readonly path: Path;
  readonly description?: string;
  readonly host: string;
  readonly stage: number;
  readonly containerName: string;
  /** Fully qualified: the registry prefix applied. */
  readonly image: string;
  readonly network: "bridge" | "host";
  readonly user?: string;
  readonly group?: string;
  readonly ports: readonly PortBinding[];
  readonly listens: readonly Listen[];
  readonly volumes: readonly VolumeMount[];
  readonly args: readonly string[];
  /** In the inventory's order. */
  readonly environment: readonly (readonly [string, string])[];
  readonly requires: readonly string[];
  readonly wants: readonly string[];
  readonly health?: Health;
  readonly notifyHealthy: boolean;
  /** As written; the effective policy depends on the boot order (see graph/pull.ts). */
  readonly pull?: Pull;
  readonly restart: string;
  readonly restartDelaySec: number;
  readonly startTimeoutSec?: number;
  readonly reachedVia: readonly string[];
  readonly checks: readonly Check[];
}

/** Where a check runs: on the service's host as root or as the platform user, or on the operator's workstation. */
export type CheckRunner = "root" | "user" | "workstation";

/** A check from outside the containers; `run` still holds its placeholders (src/checks/expand.ts). */
export interface Check {
  readonly name: string;
  readonly path: Path;
  /** The service it belongs to; undefined for the platform's own checks. */
  readonly service?: string;
  readonly run: string;
  readonly as: CheckRunner;
  readonly expect: string;
  /** An extended regular expression some output line must match. */
  readonly output?: string;
  /** Checked before anything starts, not after. */
  readonly prerequisite: boolean;
}

export interface KnownProblem {
  readonly name: string;
  readonly path: Path;
  /** The services it concerns, in the inventory's order; empty for the platform as a whole. */
  readonly services: readonly string[];
  readonly symptom: string;
  readonly cause: string;
  readonly fix: readonly string[];
  readonly cost?: string;
  readonly losesData: boolean;
}

export interface Inventory {
  readonly podman: string;
  /** The oldest systemd the hosts run, e.g. "252". */
  readonly systemd: string;
  readonly platform: Platform;
  readonly registry?: { readonly prefix: string; readonly servedBy: readonly string[] };
  /** Sorted by name. */
  readonly hosts: readonly Host[];
  readonly stages: readonly Stage[];
  /** Sorted by name. */
  readonly services: readonly Service[];
  /** DNS names by key, as {name.KEY} in checks and probes. */
  readonly names: ReadonlyMap<string, string>;
  /** The platform's own checks, in the inventory's order. */
  readonly checks: readonly Check[];
  /** In the inventory's order. */
  readonly knownProblems: readonly KnownProblem[];
}
