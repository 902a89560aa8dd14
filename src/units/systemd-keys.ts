// The systemd keys mcquad may write into the units' [Unit], [Service] and [Install] sections (and
// the door's system units), with the systemd version that introduced each. The inventory's
// `systemd:` names the oldest systemd the host runs; a key newer than that would be ignored with a
// warning ("Unknown key name"), and what it was there for would silently not happen. Not used, on
// purpose: RestartMode= (254): with `direct`, a unit that keeps failing never fails its start job
// (src/units/container.ts).
//
// Versions, by source: systemd's NEWS file (the release that announced the key) and the man pages
// systemd.unit(5), systemd.service(5), systemd.exec(5) of systemd 257 (Debian trixie's, which the
// end-to-end test boots). Keys that every systemd a Podman 5 host can run already had are "1".

export type SystemdSection = "Unit" | "Service" | "Install";

export interface SystemdKey {
  readonly section: SystemdSection;
  /** Spelled as in the man page. */
  readonly key: string;
  /** First systemd release that reads the key, as a number ("254"). */
  readonly since: string;
  readonly source: string;
}

const OLD = "systemd.unit(5)/systemd.service(5): in every systemd Podman 5 supports";
const NEWS = (v: string, what: string): string => `systemd ${v} NEWS: ${what}`;
const key = (section: SystemdSection, name: string, since: string, source: string): SystemdKey => ({ section, key: name, since, source });

export const SYSTEMD_KEYS: readonly SystemdKey[] = [
  key("Unit", "Description", "1", OLD),
  key("Unit", "Documentation", "1", OLD),
  key("Unit", "Requires", "1", OLD),
  key("Unit", "Wants", "1", OLD),
  key("Unit", "After", "1", OLD),
  key("Unit", "Before", "1", OLD),
  key("Unit", "PartOf", "1", OLD),
  // Read by NixOS's switch-to-configuration (restartIfChanged = false); systemd ignores X- keys
  // (systemd.unit(5), "unit file format").
  key("Unit", "X-RestartIfChanged", "1", OLD),
  key("Unit", "RequiresMountsFor", "1", OLD),
  key("Unit", "ConditionUser", "237", NEWS("237", "new ConditionUser= and ConditionGroup=")),
  key("Unit", "StartLimitIntervalSec", "230", NEWS("230", "StartLimitInterval= renamed StartLimitIntervalSec= and moved to [Unit]")),
  key("Unit", "StartLimitBurst", "230", NEWS("230", "StartLimitBurst= moved to [Unit]")),
  key("Service", "Type", "1", OLD),
  key("Service", "RemainAfterExit", "1", OLD),
  key("Service", "User", "1", OLD),
  key("Service", "SupplementaryGroups", "1", OLD),
  key("Service", "Environment", "1", OLD),
  key("Service", "ExecStartPre", "1", OLD),
  key("Service", "ExecStart", "1", OLD),
  key("Service", "ExecStartPost", "1", OLD),
  key("Service", "ExecStop", "1", OLD),
  key("Service", "ExecStopPost", "1", OLD),
  key("Service", "Restart", "1", OLD),
  key("Service", "RestartSec", "1", OLD),
  key("Service", "TimeoutStartSec", "1", OLD),
  key("Service", "TimeoutStopSec", "1", OLD),
  key("Install", "WantedBy", "1", OLD),
  key("Install", "RequiredBy", "1", OLD),
];

const BY_NAME = new Map(SYSTEMD_KEYS.map((k) => [`${k.section}.${k.key}`, k]));

export function findSystemdKey(section: string, name: string): SystemdKey | undefined {
  return BY_NAME.get(`${section}.${name}`);
}
