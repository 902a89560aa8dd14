// Reads a folder of generated units and prints what the harness needs to know about each
// service, one line each, fields separated by spaces, lists by commas, "-" for none:
//   unit container image target needs probe port path host_net http_ports tls_ports volumes
//   published start_timeout_ms health_interval_ms health_start_period_ms health_retries gated
// `needs` are the .service and .target units it Requires=/Wants= (the ordering the test checks);
// `volumes` its bind mounts ("host:container"); `published` a URL for each TCP port it offers the
// guest (PublishPort= host side, or its own ports on the host network); `gated` whether systemd
// waits for its health check (an ExecStartPost= running `podman healthcheck run`). A unit without HealthCmd= has probe "none".
// The probes are the four forms mcquad generates; anything else is an error, since the stand-in
// could not answer it. A DNS probe's port 53 is the stand-in's DNS server, not HTTP.
// With --images: one line per image instead, what its stand-in serves (services sharing an
// image share its stand-in):  image http_ports tls_ports paths dns (yes: a DNS server on 53)
// A host-network unit says which ports it listens on only through its probe; with --listens,
// `mcquad plan --json` adds the rest (mc-proxy: 443, 8443, 9443), so its stand-in holds them all.
// usage: node plan.mjs [--images] [--listens PLAN_JSON] UNITS_DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts, positionals: [dir] } = parseArgs({
  options: { images: { type: 'boolean' }, listens: { type: 'string' } }, allowPositionals: true,
});
const listens = new Map(opts.listens ? JSON.parse(readFileSync(opts.listens, 'utf8')).services
  .map((s) => [s.name, s.listens.filter((l) => l.protocol === 'tcp').map((l) => String(l.port))]) : []);
const PROBES = [
  [/^wget -q -O \/dev\/null (?:--no-check-certificate )?(https?):\/\/127\.0\.0\.1:(\d+)(\/\S*)?$/,
    (m) => ({ probe: m[1], port: m[2], path: m[3] ?? '/' })],
  [/^nc -z 127\.0\.0\.1 (\d+)$/, (m) => ({ probe: 'tcp', port: m[1], path: '-' })],
  [/^nslookup \S+ 127\.0\.0\.1 >\/dev\/null$/, () => ({ probe: 'dns', port: '53', path: '-' })],
];

// Unit files as { section: { key: [values] } }; repeated keys accumulate, as systemd's do.
function parseUnit(text) {
  const unit = {};
  let section = unit;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = line.match(/^\[(.+)\]$/);
    if (head) { section = unit[head[1]] ??= {}; continue; }
    const eq = line.indexOf('=');
    (section[line.slice(0, eq)] ??= []).push(line.slice(eq + 1));
  }
  return unit;
}

const words = (values) => (values ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);
const list = (items) => (items.length ? [...new Set(items)].join(',') : '-');

// Time spans as the compiler writes them ("95s", "2min", "500ms"; systemd's bare number is
// seconds), in milliseconds. Podman's Health* defaults (30s, 0s, 3) apply when a key is absent.
const UNIT_MS = { ms: 1, s: 1000, m: 60000, min: 60000 };
function ms(value, fallback) {
  const m = /^(\d+)(ms|s|min|m)?$/.exec(value ?? fallback);
  if (!m) throw new Error(`cannot read the time span "${value}"`);
  return Number(m[1]) * UNIT_MS[m[2] ?? 's'];
}

function describe(file) {
  const name = file.replace(/\.container$/, '');
  const u = parseUnit(readFileSync(join(dir, file), 'utf8'));
  const c = u.Container ?? {};
  const health = c.HealthCmd?.at(-1);
  const rule = PROBES.find(([re]) => re.test(health ?? ''));
  if (health && !rule) throw new Error(`${file}: no stand-in answers the health probe "${health}"`);
  const probe = rule ? rule[1](health.match(rule[0])) : { probe: 'none', port: '-', path: '-' };
  // Published ports' container side ("ip:host:container/proto"); UDP is not served.
  const dns = probe.probe === 'dns' ? ['53'] : [];
  const tcp = (c.PublishPort ?? []).filter((p) => !p.endsWith('/udp'))
    .map((p) => p.replace(/\/tcp$/, '').split(':')).filter((p) => !dns.includes(p.at(-1)));
  const hostNet = c.Network?.[0] === 'host';
  const ports = [...tcp.map((p) => p.at(-1)), ...(hostNet ? listens.get(name) ?? [] : [])];
  const tls = probe.probe === 'https' ? [probe.port] : [];
  const http = [...new Set([...ports, probe.port])].filter((p) => p !== '-' && !tls.includes(p) && !dns.includes(p));
  const url = (ip, port, inner) => `${tls.includes(inner) ? 'https' : 'http'}://${ip}:${port}/`;
  const published = hostNet ? [...http, ...tls].map((p) => url('127.0.0.1', p, p))
    : tcp.filter((p) => p.length > 1) // "ip:host:container" or "host:container"
      .map((p) => url(p.length === 3 && p[0] ? p[0] : '127.0.0.1', p.at(-2), p.at(-1)));
  const needs = words([...(u.Unit?.Requires ?? []), ...(u.Unit?.Wants ?? [])]);
  const targets = words([...(u.Install?.RequiredBy ?? []), ...(u.Install?.WantedBy ?? [])]);
  const volumes = (c.Volume ?? []).map((v) => v.split(':').slice(0, 2).join(':'))
    .filter((v) => v.startsWith('/'));
  return [name, c.ContainerName?.[0] ?? `systemd-${name}`, c.Image?.[0], list(targets), list(needs),
    probe.probe, probe.port, probe.path, hostNet ? 'yes' : 'no', list(http),
    list(tls), list(volumes), list(published), ms(u.Service?.TimeoutStartSec?.at(-1), '90s'),
    ms(c.HealthInterval?.at(-1), '30s'), ms(c.HealthStartPeriod?.at(-1), '0s'),
    Number(c.HealthRetries?.at(-1) ?? 3), (u.Service?.ExecStartPost ?? []).some((l) => l.includes('podman healthcheck run')) ? 'yes' : 'no'];
}

function imageLines(services) {
  const byImage = new Map();
  for (const [, , image, , , probe, , path, , http, tls] of services) {
    const acc = byImage.get(image) ?? { http: [], tls: [], paths: [], dns: false };
    acc.http.push(...http.split(',')); acc.tls.push(...tls.split(','));
    if (path !== '-') acc.paths.push(path);
    acc.dns ||= probe === 'dns';
    byImage.set(image, acc);
  }
  const clean = (xs) => list(xs.filter((x) => x !== '-'));
  return [...byImage].map(([image, a]) => [image, clean(a.http), clean(a.tls), clean(a.paths), a.dns ? 'yes' : '-'].join(' '));
}

try {
  const files = readdirSync(dir).filter((f) => f.endsWith('.container')).sort();
  if (files.length === 0) throw new Error(`no .container files in ${dir}`);
  const services = files.map(describe);
  console.log((opts.images ? imageLines(services) : services.map((s) => s.join(' '))).join('\n'));
} catch (err) {
  console.error(`plan: ${err.message}`);
  process.exit(1);
}
