// Durations as podman (Go's time.ParseDuration) and systemd (systemd.time(7)) both read them.
const unitSeconds: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** Seconds in a duration already checked against durationPattern. */
export function parseDuration(text: string): number {
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|h|m|s)/g)) {
    total += Number(match[1]) * (unitSeconds[match[2] ?? "s"] ?? 1);
  }
  return Math.round(total * 1000) / 1000;
}

/** An estimate for people, to a tenth of a second below a minute: 2.25 → "2.3s", 90.4 → "1m30s". */
export function formatEstimate(seconds: number): string {
  const tenths = Math.round(seconds * 10) / 10;
  if (Number.isInteger(tenths)) return formatDuration(tenths);
  return tenths < 60 ? `${tenths.toFixed(1)}s` : formatDuration(Math.round(tenths));
}

/** The shortest readable form: 90 → "1m30s", 0.5 → "500ms". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  if (!Number.isInteger(seconds)) return `${Math.round(seconds * 1000)}ms`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
}
