// The unit model: files made of sections made of `Key=value` entries, with keys spelled exactly
// as systemd.unit(5), systemd.service(5) and podman-systemd.unit(5) spell them. Values are already
// quoted for the unit file (src/units/quote.ts); the renderer only prints them.

export type UnitKey =
  | "Description" | "Documentation" | "Requires" | "Wants" | "After" | "Before" | "PartOf" | "ConditionUser"
  | "StartLimitIntervalSec" | "StartLimitBurst" | "X-RestartIfChanged";

/** podman-systemd.unit(5), [Container] section; the version that introduced each is in quadlet-keys.ts. */
export type ContainerKey =
  | "ContainerName" | "Image" | "Pull" | "Network" | "User" | "Group" | "PublishPort" | "Volume"
  | "Environment" | "Exec" | "HealthCmd" | "HealthInterval" | "HealthTimeout" | "HealthRetries"
  | "HealthStartPeriod" | "HealthOnFailure" | "Notify";

/** systemd.service(5) and systemd.exec(5): the units' own keys, and the door's system units'. */
export type ServiceKey =
  | "Type" | "RemainAfterExit" | "User" | "SupplementaryGroups" | "Environment"
  | "ExecStartPre" | "ExecStart" | "ExecStartPost" | "ExecStop" | "ExecStopPost"
  | "Restart" | "RestartSec" | "TimeoutStartSec" | "TimeoutStopSec";

export type InstallKey = "WantedBy" | "RequiredBy";

export interface Entry<K extends string = string> {
  readonly key: K;
  readonly value: string;
}

export type Section =
  | { readonly name: "Unit"; readonly comments?: readonly string[]; readonly entries: readonly Entry<UnitKey>[] }
  | { readonly name: "Container"; readonly comments?: readonly string[]; readonly entries: readonly Entry<ContainerKey>[] }
  | { readonly name: "Service"; readonly comments?: readonly string[]; readonly entries: readonly Entry<ServiceKey>[] }
  | { readonly name: "Install"; readonly comments?: readonly string[]; readonly entries: readonly Entry<InstallKey>[] };

export interface UnitFile {
  /** Relative to the output folder, e.g. `mcns.container`. */
  readonly fileName: string;
  /** Comment lines before the first section, without the leading `# `. */
  readonly header: readonly string[];
  readonly sections: readonly Section[];
}

/** Entries for optional values: `entry(key, undefined)` is no entry at all. */
export function entry<K extends string>(key: K, value: string | number | undefined): Entry<K>[] {
  return value === undefined ? [] : [{ key, value: String(value) }];
}

/** One entry per value (repeatable keys such as PublishPort=). */
export const entries = <K extends string>(key: K, values: readonly string[]): Entry<K>[] => values.map((value) => ({ key, value }));

/** Empty sections are dropped: a unit never shows a header with nothing under it. */
export const nonEmpty = (sections: readonly Section[]): Section[] => sections.filter((s) => s.entries.length > 0);
