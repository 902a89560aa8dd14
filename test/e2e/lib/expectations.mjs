// What the boot must look like, read from services.yaml alone, never from the units under test:
// so a unit that drops a dependency, a health gate or a stage link cannot lower the bar it is
// held to. Pure functions; the CLI is expect.mjs.
//
// Per service: its unit, stage and stage target, the previous stage's target, the services it
// `requires:`/`wants:` (each must be active before it starts), whether systemd waits for its
// health check (a health: probe and no `notify: none`), the probe, the health budget and
// what happens when it runs out (`on_failure`), the ports it publishes, and those it listens on
// with the host's network (`network: host`, `listens:`; on every address of the host).
import yaml from 'js-yaml';

// Podman's own defaults (podman-run(1), --health-*), when neither the service nor `defaults` say.
const PODMAN_HEALTH = { interval: '30s', timeout: '30s', retries: 3, start_period: '0s', on_failure: 'none' };
const SPAN_US = { us: 1, ms: 1e3, s: 1e6, sec: 1e6, m: 60e6, min: 60e6, h: 3600e6 };

/** A duration as the inventory writes it ("10s", "1m30s", "500ms", a bare number of seconds), in µs. */
export function durationUs(text) {
  const s = String(text).trim();
  if (/^\d+$/.test(s)) return Number(s) * 1e6;
  const parts = [...s.matchAll(/(\d+)\s*(us|ms|sec|s|min|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s.replace(/\s+/g, '')) {
    throw new Error(`cannot read the duration "${text}"`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * SPAN_US[unit], 0);
}

function healthOf(raw, defaults) {
  if (!raw) return undefined;
  const pick = (key) => raw[key] ?? defaults?.[key] ?? PODMAN_HEALTH[key];
  const probe = ['http', 'https', 'tcp', 'dns', 'command'].find((k) => raw[k] !== undefined);
  const h = {
    probe, port: raw[probe]?.port, path: raw[probe]?.path,
    intervalUs: durationUs(pick('interval')), timeoutUs: durationUs(pick('timeout')),
    retries: Number(pick('retries')), startPeriodUs: durationUs(pick('start_period')),
    onFailure: pick('on_failure'),
    // The unit's own wait for health probes this often (its pause; else the interval).
    startupIntervalUs: raw.startup_interval ?? defaults?.startup_interval
      ? durationUs(raw.startup_interval ?? defaults.startup_interval) : null,
  };
  // The regular check's window, start period and `retries` checks one interval apart, the last
  // of which may take its whole timeout: the unit's wait gives up then (services.yaml, README).
  h.budgetUs = h.startPeriodUs + h.retries * h.intervalUs + h.timeoutUs;
  return h;
}

function portsOf(raw, addresses) {
  return (raw.ports ?? []).map((p) => {
    const [binding, protocol = 'tcp'] = String(p).split('/');
    const parts = binding.split(':');
    const [address, host, container] = parts.length === 3 ? parts : [undefined, ...parts];
    return { address: address ?? '', ip: address === undefined ? '' : addresses[address], hostPort: Number(host),
      containerPort: Number(container), protocol };
  });
}

function listensOf(raw) {
  return (raw.listens ?? []).map((l) => {
    const [port, protocol = 'tcp'] = String(l).split('/');
    return { address: 'host', ip: '127.0.0.1', hostPort: Number(port), containerPort: Number(port), protocol };
  });
}

/** The inventory's addresses by name (the first host's), with `overrides` (name → ip) applied. */
function addressesOf(inv, overrides) {
  const host = Object.values(inv.hosts ?? {})[0] ?? {};
  const named = Object.fromEntries(Object.entries(host.addresses ?? {})
    .map(([name, a]) => [name, typeof a === 'string' ? a : a.ip]));
  return { ...named, ...overrides };
}

/** Expectations for the boot, from the text of services.yaml. */
export function expectations(text, { addresses = {} } = {}) {
  const inv = yaml.load(text);
  const stages = inv.stages.map((s) => `${s.name}.target`);
  const addr = addressesOf(inv, addresses);
  const services = Object.entries(inv.services).map(([name, raw]) => {
    const health = healthOf(raw.health, inv.defaults?.health);
    return {
      name, unit: `${name}.service`, container: raw.container_name ?? name,
      stage: raw.stage, target: stages[raw.stage - 1], previousTarget: stages[raw.stage - 2] ?? null,
      after: [...(raw.requires ?? []), ...(raw.wants ?? [])].map((n) => `${n}.service`),
      gated: health !== undefined && raw.notify !== 'none', health: health ?? null,
      ports: portsOf(raw, addr),
      listens: raw.network === 'host' ? listensOf(raw) : [],
    };
  }).sort((a, b) => a.stage - b.stage || (a.name < b.name ? -1 : 1));
  return { stages, finalTarget: stages.at(-1), services };
}
