// Judges a recorded boot (record.mjs) against the expectations (expectations.mjs). Every check
// has a name and the service it is about, and compares systemd's and podman's own timestamps
// with a bar taken from services.yaml: none of them can pass because a unit lowered its bar.
// A stand-in listens `delay` after its container started (podman's `start` event); a service
// with a `never` delay (Infinity) never does.

const secs = (us) => `${(us / 1e6).toFixed(1)} s`;

// The unit's wait probes with `podman healthcheck run`, a podman process and an exec each: 0.25 s
// on an idle machine, up to a second on a busy one. A probe period is its pause plus that.
const PROBE_RUN_US = 1e6;
const probePeriodUs = (h) => (h.startupIntervalUs ?? h.intervalUs) + PROBE_RUN_US;

class Verdict {
  constructor() { this.results = []; }
  check(ok, check, unit, message) { this.results.push({ ok: Boolean(ok), check, unit, message }); return ok; }
  get failures() { return this.results.filter((r) => !r.ok); }
}

const eventsOf = (rec, container, since) =>
  rec.events.filter((e) => e.name === container && e.time >= since);

/**
 * When the stand-in of service `s` listened: its delay after its process started, which is between
 * podman's `init` and `start` events of its container's first start in this boot (0.3 s apart in
 * the guest; a probe every half second sees the difference). `ready`: at the latest, `earliest`:
 * at the earliest (`start` alone when there is no `init`).
 */
function readyAt(rec, s) {
  const events = eventsOf(rec, s.container, rec.t0);
  const start = events.find((e) => e.event === 'start');
  if (start === undefined) return undefined;
  const init = events.find((e) => e.event === 'init' && e.time <= start.time) ?? start;
  const delay = rec.delays.get(s.name) ?? rec.delay;
  return { started: start.time, ready: start.time + delay, earliest: init.time + delay };
}

function unitOf(v, rec, s) {
  const u = rec.units.get(s.unit);
  v.check(u !== undefined, 'recorded', s.name, u ? 'systemd has a record of it' : `no systemctl show record of ${s.unit}`);
  return u;
}

// Started after everything it needs was active: its `requires:`/`wants:` and the previous stage.
function checkOrder(v, rec, s, u) {
  for (const dep of s.after) {
    const d = rec.units.get(dep)?.ActiveEnterTimestampMonotonic ?? 0;
    const ok = d >= rec.t0 && u.ExecMainStartTimestampMonotonic >= d;
    v.check(ok, 'dependency', s.name, ok ? `started ${secs(u.ExecMainStartTimestampMonotonic - d)} after ${dep} was active`
      : `started before ${dep} was active (services.yaml: it needs ${dep.replace(/\.service$/, '')})`);
  }
  if (s.previousTarget === null) return;
  const p = rec.units.get(s.previousTarget)?.ActiveEnterTimestampMonotonic ?? 0;
  const ok = p >= rec.t0 && u.ExecMainStartTimestampMonotonic >= p;
  v.check(ok, 'stage', s.name, ok ? `started after ${s.previousTarget}` : `started before ${s.previousTarget} was active`);
}

// Healthy as podman says, and, when gated, not active before its stand-in listened.
function checkHealth(v, rec, s, u) {
  const t = readyAt(rec, s);
  if (!v.check(t !== undefined, 'recorded', s.name, t ? 'podman started its container' : `no podman start event for ${s.container}`)) return;
  const active = u.ActiveEnterTimestampMonotonic;
  if (s.health !== null) {
    const healthy = eventsOf(rec, s.container, t.earliest).find((e) => e.event === 'health_status' && e.health === 'healthy');
    v.check(healthy !== undefined, 'probe', s.name, healthy ? `podman found it healthy ${secs(healthy.time - t.started)} after its start`
      : 'podman never reported it healthy after its stand-in listened: no health check ran, or none passed');
  }
  if (!s.gated) return;
  const ok = active >= t.earliest;
  v.check(ok, 'health-gate', s.name, ok ? `active ${secs(active - t.started)} after its container started, once healthy`
    : `active ${secs(active - t.started)} after its container started, before its stand-in could listen (${secs(t.earliest - t.started)}): systemd did not wait for its health check`);
}

/** The healthy boot: every service in order, healthy, gated; the final target last. */
export function judgeBoot(exp, rec, v = new Verdict()) {
  let last = 0;
  for (const s of exp.services) {
    const u = unitOf(v, rec, s);
    if (u === undefined) continue;
    const started = u.ExecMainStartTimestampMonotonic >= rec.t0;
    v.check(u.ActiveState === 'active' && started, 'active', s.name,
      started ? `${u.ActiveState} (result ${u.Result})` : `not started in this boot (${u.ActiveState})`);
    checkOrder(v, rec, s, u);
    checkHealth(v, rec, s, u);
    const target = rec.units.get(s.target)?.ActiveEnterTimestampMonotonic ?? 0;
    v.check(target >= u.ActiveEnterTimestampMonotonic && target >= rec.t0, 'stage', s.name,
      target >= u.ActiveEnterTimestampMonotonic ? `${s.target} became active after it` : `${s.target} became active before it: the stage does not wait for it`);
    last = Math.max(last, u.ActiveEnterTimestampMonotonic);
  }
  const f = rec.units.get(exp.finalTarget);
  v.check(f?.ActiveState === 'active' && f.ActiveEnterTimestampMonotonic >= last, 'final', exp.finalTarget,
    `${f?.ActiveState ?? 'unrecorded'}, ${secs((f?.ActiveEnterTimestampMonotonic ?? 0) - rec.t0)} after the start`);
  return v;
}

// The unit's wait for health, not systemd's timeout nor podman, ended it: the wait's probes (podman's
// health_status events), none healthy, all `starting` (HealthStartPeriod= spans the wait, so no
// failure counts), and its start failed (result exit-code: the wait exits 1), stopping the
// container (podman's kill, died or remove) within the slack of its last probe. Not before the
// budget less a probe period and the slack: the wait gave up at its deadline, not earlier (as
// recorded in the guest, test/judge/fixtures/never-healthy-boot.*).
function checkGivenUp(v, rec, s, u, t, slackUs) {
  const events = eventsOf(rec, s.container, t.started);
  const end = events.find((e) => ['kill', 'died', 'remove', 'restart'].includes(e.event));
  const checks = events.filter((e) => e.event === 'health_status' && (end === undefined || e.time <= end.time));
  const last = checks.at(-1);
  const earliest = s.health.budgetUs - probePeriodUs(s.health) - slackUs;
  const ok = end !== undefined && end.event !== 'restart' && checks.length > 0 && checks.every((e) => e.health === 'starting') &&
    end.time - last.time <= slackUs && end.time - t.started >= earliest && u.Result === 'exit-code';
  const seen = `${checks.length} health_status event(s) (${[...new Set(checks.map((e) => e.health))].join(', ') || 'none'})`;
  v.check(ok, 'given-up-by-its-wait', s.name, ok
    ? `its wait's probes failed ${checks.length} times (health_status=starting), the last ${secs(last.time - t.started)} after its start; podman's ${end.event} ${secs(end.time - last.time)} later; result ${u.Result}`
    : `ended (${end?.event ?? 'never'}, ${end ? secs(end.time - t.started) : '-'} after its start; result ${u.Result}) after ${seen}: not the wait giving up (result exit-code) ` +
      `between ${secs(earliest)} and the budget, within ${secs(slackUs)} of its last probe, every probe starting`);
  return ok ? end.time : undefined;
}

/** A never-healthy `faulty`: fails within its health budget + slack, by the health check; nothing later starts. */
export function judgeNeverHealthy(exp, rec, faulty, slackUs, v = new Verdict()) {
  const s = exp.services.find((x) => x.name === faulty);
  if (!v.check(s?.health, 'expectations', faulty, s ? 'has a health check in services.yaml' : 'not a service of services.yaml')) return v;
  const u = unitOf(v, rec, s);
  const t = u && readyAt(rec, s);
  if (!v.check(t !== undefined, 'recorded', s.name, t ? 'podman started its container' : `no podman start event for ${s.container}`)) return v;
  v.check(u.ActiveEnterTimestampMonotonic < rec.t0 && u.Result !== 'success', 'never-active', s.name, `state ${u.ActiveState}, result ${u.Result}`);
  const ended = s.gated ? checkGivenUp(v, rec, s, u, t, slackUs) : undefined;
  if (ended !== undefined) {
    const took = ended - t.started;
    const h = s.health;
    const budget = `${secs(h.budgetUs)} (start period ${secs(h.startPeriodUs)} + ${h.retries} × ${secs(h.intervalUs)} + timeout ${secs(h.timeoutUs)})`;
    v.check(took <= h.budgetUs + slackUs, 'budget', s.name, `ended ${secs(took)} after its start: health budget ${budget}, slack ${secs(slackUs)}, measured overrun ${secs(Math.max(0, took - h.budgetUs))}`);
  }
  const later = exp.services.filter((x) => x.stage > s.stage && (rec.units.get(x.unit)?.ExecMainStartTimestampMonotonic ?? 0) >= rec.t0);
  const targets = exp.stages.slice(s.stage).filter((x) => (rec.units.get(x)?.ActiveEnterTimestampMonotonic ?? 0) >= rec.t0);
  const started = [...later.map((x) => x.name), ...targets];
  v.check(started.length === 0, 'nothing-later', s.name, started.length === 0 ? 'nothing of a later stage started' : `later stages started anyway: ${started.join(', ')}`);
  return v;
}

/**
 * A late `faulty` (its stand-in listens `lateUs` after start, the others `rec.delay`): a healthy
 * boot otherwise, its first probes seen failing, and the boot delayed by about the extra delay:
 * later than `baselineBootUs` by at least the extra delay less a probe period (the wait's pause
 * and a probe's run) and `slackUs`, and the faulty service active within a probe
 * period and the slack of its stand-in listening, so that the wait was for it. How much later the
 * whole boot is also depends on the machine's load (the e2e's boots differ by several seconds),
 * so no upper bound is put on it.
 */
export function judgeLate(exp, rec, faulty, baselineBootUs, slackUs, v = new Verdict()) {
  judgeBoot(exp, rec, v);
  const s = exp.services.find((x) => x.name === faulty);
  if (!v.check(s?.health, 'expectations', faulty, s ? 'has a health check in services.yaml' : 'not a service of services.yaml')) return v;
  const t = readyAt(rec, s);
  if (t === undefined) return v;
  const failing = eventsOf(rec, s.container, t.started).filter((e) => e.event === 'health_status' && e.time < t.earliest && e.health !== 'healthy');
  v.check(failing.length > 0, 'probes-failed-first', s.name, failing.length > 0
    ? `${failing.length} probe(s) before its stand-in listened, none healthy (${[...new Set(failing.map((e) => e.health))].join(', ')})`
    : 'no probe ran before its stand-in listened: the lateness was never seen');
  // A probe period: the wait's pause and a probe's run. A check that began just before the
  // stand-in listened may also run for its whole timeout first.
  const period = probePeriodUs(s.health);
  const seen = s.health.timeoutUs + period + slackUs;
  const extra = (t.ready - t.started) - rec.delay;
  const boot = (rec.units.get(exp.finalTarget)?.ActiveEnterTimestampMonotonic ?? 0) - rec.t0;
  const late = boot - baselineBootUs;
  const margin = period + slackUs;
  if (!v.check(extra > margin, 'delayed-the-boot', s.name, extra > margin ? `its extra delay (${secs(extra)}) exceeds a probe period and the slack`
    : `its extra delay (${secs(extra)}) is within a probe period (${secs(period)}) and the slack (${secs(slackUs)}): it proves no delay`)) return v;
  v.check(late >= extra - margin, 'delayed-the-boot', s.name, `the boot took ${secs(boot)}, the healthy one ${secs(baselineBootUs)}: ${secs(late)} later, ` +
    `${late >= extra - margin ? 'at least' : 'less than'} its extra delay ${secs(extra)} less a probe period (${secs(period)}) and the slack (${secs(slackUs)})`);
  // From the earliest its stand-in could listen; the bound widened by how much later it may have.
  const waited = (rec.units.get(s.unit)?.ActiveEnterTimestampMonotonic ?? 0) - t.earliest;
  const within = waited >= 0 && waited <= seen + (t.ready - t.earliest);
  v.check(within, 'delayed-the-boot', s.name, `active ${secs(waited)} after its stand-in could listen ` +
    `(${within ? 'within' : 'not within'} a check's timeout, a probe period, the slack and podman's init-to-start ${secs(t.ready - t.earliest)}, ${secs(seen + t.ready - t.earliest)}): the boot waited for it, not longer`);
  return v;
}
