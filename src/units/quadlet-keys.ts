// The Quadlet keys mcquad may emit, with the Podman version whose generator first accepts each.
// Quadlet skips a whole file over one unknown key (podman-systemd.unit(5), "Debugging unit
// files"), so a unit meant for Podman X must use only keys with `since` <= X.
//
// Spelling: exactly as the `.SS Key=` headings of podman-systemd.unit(5) in Podman 5.4.2
// (Debian trixie's podman package); test/verify/quadlet-keys.test.ts checks every key against
// that page and against the real 5.4.2 generator.
//
// Versions, by source:
// - 4.4: Podman v4.4.0 release notes ("Introduce Quadlet") and podman-systemd.unit(5) v4.4.
// - 4.5 … 5.2: the per-release option groups of podlet (containers/podlet,
//   src/quadlet/container.rs, `OptionsV4_5` … `OptionsV5_2`), which follow the Podman release
//   notes of those versions. Where podlet and the notes could not be told apart the later
//   version is taken: a too-late `since` only refuses a key, a too-early one ships a unit that
//   silently never starts.
// - 5.3: Podman v5.3.0 release notes (AddHost, DefaultDependencies).
// - 5.5, 5.7: REFERENCE §2 (checked: the 5.4.2 generator rejects them) and the release notes.

export type QuadletSection = "Container" | "Quadlet" | "Install";

export interface QuadletKey {
  readonly section: QuadletSection;
  /** Spelled as in podman-systemd.unit(5). */
  readonly key: string;
  /** First Podman version whose Quadlet accepts the key, as "major.minor". */
  readonly since: string;
  readonly source: string;
  /** Values that need a later version than the key itself (e.g. Notify=healthy). */
  readonly valueSince?: Readonly<Record<string, string>>;
}

const MAN = (v: string): string => `podman-systemd.unit(5), Podman ${v}`;
const NOTES = (v: string): string => `Podman v${v}.0 release notes`;
const PODLET = (v: string): string =>
  `Podman v${v}.0 release notes; containers/podlet src/quadlet/container.rs OptionsV${v.replace(".", "_")}`;
const REF_REJECTED = (v: string): string =>
  `${NOTES(v)}; REFERENCE §2: rejected by the 5.4.2 generator (checked)`;

const container = (key: string, since: string, source: string): QuadletKey => ({
  section: "Container",
  key,
  since,
  source,
});

export const QUADLET_KEYS: readonly QuadletKey[] = [
  // [Container], the first Quadlet release.
  container("AddCapability", "4.4", MAN("4.4")),
  container("ContainerName", "4.4", MAN("4.4")),
  container("DropCapability", "4.4", MAN("4.4")),
  container("Environment", "4.4", MAN("4.4")),
  container("EnvironmentFile", "4.4", MAN("4.4")),
  container("Exec", "4.4", MAN("4.4")),
  container("Group", "4.4", MAN("4.4")),
  container("Image", "4.4", MAN("4.4")),
  container("Label", "4.4", MAN("4.4")),
  container("Network", "4.4", MAN("4.4")),
  container("NoNewPrivileges", "4.4", MAN("4.4")),
  container("PublishPort", "4.4", MAN("4.4")),
  container("ReadOnly", "4.4", MAN("4.4")),
  container("Timezone", "4.4", MAN("4.4")),
  container("User", "4.4", MAN("4.4")),
  container("Volume", "4.4", MAN("4.4")),
  {
    ...container("Notify", "4.4", MAN("4.4")),
    // `healthy` holds the unit in "activating" until the health check passes; before 5.0 it
    // could only be had through PodmanArgs=--sdnotify=healthy (Podman v5.0.0 release notes).
    valueSince: { healthy: "5.0" },
  },
  // PodmanArgs: podlet counts it as 4.4; the 4.4 page is not conclusive, so the later release.
  container("PodmanArgs", "4.5", PODLET("4.5")),
  // Health checks (podman-run(1) --health-*), 4.5.
  container("HealthCmd", "4.5", PODLET("4.5")),
  container("HealthInterval", "4.5", PODLET("4.5")),
  container("HealthOnFailure", "4.5", PODLET("4.5")),
  container("HealthRetries", "4.5", PODLET("4.5")),
  container("HealthStartPeriod", "4.5", PODLET("4.5")),
  container("HealthStartupCmd", "4.5", PODLET("4.5")),
  container("HealthStartupInterval", "4.5", PODLET("4.5")),
  container("HealthStartupRetries", "4.5", PODLET("4.5")),
  container("HealthStartupSuccess", "4.5", PODLET("4.5")),
  container("HealthStartupTimeout", "4.5", PODLET("4.5")),
  container("HealthTimeout", "4.5", PODLET("4.5")),
  container("LogDriver", "4.5", PODLET("4.5")),
  container("Secret", "4.5", PODLET("4.5")),
  container("Tmpfs", "4.5", PODLET("4.5")),
  container("UserNS", "4.5", PODLET("4.5")),
  container("AutoUpdate", "4.6", PODLET("4.6")),
  container("HostName", "4.6", PODLET("4.6")),
  container("Pull", "4.6", PODLET("4.6")),
  container("Sysctl", "4.6", PODLET("4.6")),
  container("WorkingDir", "4.6", PODLET("4.6")),
  container("DNS", "4.7", PODLET("4.7")),
  container("PidsLimit", "4.7", PODLET("4.7")),
  container("ShmSize", "4.7", PODLET("4.7")),
  container("Ulimit", "4.7", PODLET("4.7")),
  container("ReadOnlyTmpfs", "4.8", PODLET("4.8")),
  container("Entrypoint", "5.0", PODLET("5.0")),
  container("StopTimeout", "5.0", PODLET("5.0")),
  container("GroupAdd", "5.1", PODLET("5.1")),
  container("LogOpt", "5.2", PODLET("5.2")),
  container("NetworkAlias", "5.2", PODLET("5.2")),
  container("StopSignal", "5.2", PODLET("5.2")),
  container("AddHost", "5.3", NOTES("5.3")),
  // Newer than Debian trixie's 5.4.2: never emit these for `podman: "5.4"`.
  container("Memory", "5.5", REF_REJECTED("5.5")),
  container("ReloadCmd", "5.5", REF_REJECTED("5.5")),
  container("ReloadSignal", "5.5", REF_REJECTED("5.5")),
  container("Retry", "5.5", REF_REJECTED("5.5")),
  container("RetryDelay", "5.5", REF_REJECTED("5.5")),
  container("HttpProxy", "5.7", REF_REJECTED("5.7")),
  // [Quadlet]: in 5.4 this section has only DefaultDependencies (REFERENCE §2).
  { section: "Quadlet", key: "DefaultDependencies", since: "5.3", source: NOTES("5.3") },
  // [Install]: the generator itself turns these into .wants/.requires links and aliases
  // (podman-systemd.unit(5), "Enabling unit files": "only the Alias, WantedBy and RequiredBy
  // keys are supported"). UpheldBy= is silently ignored before 5.5 (REFERENCE §2, checked).
  { section: "Install", key: "Alias", since: "4.4", source: MAN("4.4") },
  { section: "Install", key: "RequiredBy", since: "4.4", source: MAN("4.4") },
  { section: "Install", key: "WantedBy", since: "4.4", source: MAN("4.4") },
  { section: "Install", key: "UpheldBy", since: "5.5", source: REF_REJECTED("5.5") },
];

const BY_NAME = new Map(QUADLET_KEYS.map((k) => [`${k.section}.${k.key}`, k]));

/** The table entry for a key, or undefined when mcquad does not know it. */
export function findQuadletKey(section: string, key: string): QuadletKey | undefined {
  return BY_NAME.get(`${section}.${key}`);
}

/** First Podman version whose Quadlet accepts `[section] key=`, or undefined if not in the table. */
export function keySince(section: string, key: string): string | undefined {
  return findQuadletKey(section, key)?.since;
}

/** First version accepting `key=value`: the value's own version when later than the key's. */
export function valueSince(section: string, key: string, value: string): string | undefined {
  const entry = findQuadletKey(section, key);
  if (entry === undefined) return undefined;
  const forValue = entry.valueSince?.[value.trim()];
  return forValue !== undefined && compareVersions(forValue, entry.since) > 0 ? forValue : entry.since;
}

/** Numeric comparison of dotted versions ("5.10" > "5.9"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

function parseVersion(v: string): number[] {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  if (match?.[1] === undefined) throw new Error(`not a version: "${v}"`);
  return match[1].split(".").map(Number);
}

/** The keys a generator of `version` accepts (e.g. "5.4" or "5.4.2"). */
export function keysAcceptedBy(version: string): readonly QuadletKey[] {
  return QUADLET_KEYS.filter((k) => compareVersions(k.since, version) <= 0);
}
