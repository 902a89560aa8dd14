// What a boot left behind, read from the tools' own output, so that the harness only dumps it:
//   systemctl --user show -p Id,ActiveState,Result,InvocationID,InactiveExitTimestampMonotonic,
//     ExecMainStartTimestampMonotonic,ActiveEnterTimestampMonotonic,InactiveEnterTimestampMonotonic
//     UNITS...                      (one block of KEY=VALUE lines per unit, blank lines between)
//   journalctl -o json _UID=<uid> SYSLOG_IDENTIFIER=podman --since ...
//                                   (podman's journald events: PODMAN_EVENT, PODMAN_NAME,
//                                    PODMAN_HEALTH_STATUS, and the journal's __MONOTONIC_TIMESTAMP)
// All times are CLOCK_MONOTONIC microseconds: systemd's *TimestampMonotonic and the journal's
// __MONOTONIC_TIMESTAMP count from the same boot (nspawn adds no time namespace).

const TIMES = ['InactiveExitTimestampMonotonic', 'ExecMainStartTimestampMonotonic',
  'ActiveEnterTimestampMonotonic', 'InactiveEnterTimestampMonotonic'];

/** `systemctl show` output → Map of unit → { ActiveState, Result, InvocationID, and the times as numbers }. */
export function parseShow(text) {
  const units = new Map();
  for (const block of text.split(/\n\s*\n/)) {
    const p = {};
    for (const line of block.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) p[line.slice(0, eq)] = line.slice(eq + 1);
    }
    if (!p.Id) continue;
    for (const k of TIMES) p[k] = Number(p[k] ?? 0); // 0: never happened
    units.set(p.Id, p);
  }
  return units;
}

/** journalctl -o json lines → podman's events: { time, event, name, health, streak }, in time order. */
export function parseJournal(text) {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
    .filter((e) => e.PODMAN_EVENT !== undefined)
    .map((e) => ({
      time: Number(e.__MONOTONIC_TIMESTAMP), event: e.PODMAN_EVENT, name: e.PODMAN_NAME,
      health: e.PODMAN_HEALTH_STATUS ?? '', streak: Number(e.PODMAN_HEALTH_FAILING_STREAK ?? 0),
    }))
    .sort((a, b) => a.time - b.time);
}
