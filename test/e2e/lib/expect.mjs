// The e2e's judge: what services.yaml expects of a boot, held against what systemd and podman
// recorded of it. Prints one line per check ("ok"/"FAIL", the check's name, the service, why),
// then "N passed, N failed"; exits 1 on a failure, 2 on a usage error.
//
// usage:
//   node expect.mjs expectations --inventory FILE [--address NAME=IP]...      (JSON on stdout)
//   node expect.mjs units --inventory FILE    (every service's unit and stage target, one a line:
//                                              what the harness dumps `systemctl show` of)
//   node expect.mjs ports --inventory FILE [--address NAME=IP]...   (every port a service offers:
//                        "service protocol ip port" a line, published or, on the host's network, listened on)
//   node expect.mjs healthy       COMMON
//   node expect.mjs never-healthy COMMON --faulty NAME [--slack SECONDS]
//   node expect.mjs late          COMMON --faulty NAME --faulty-delay SECONDS --baseline-boot US
// COMMON: --inventory FILE --show FILE --journal FILE --t0 US [--delay SECONDS]
//   --show:    `systemctl --user show -p Id,ActiveState,Result,InvocationID,InactiveExitTimestampMonotonic,
//              ExecMainStartTimestampMonotonic,ActiveEnterTimestampMonotonic,InactiveEnterTimestampMonotonic`
//              of every service of the inventory and every stage target (record.mjs)
//   --journal: `journalctl -o json _UID=<platform uid>` over the boot (podman's events)
//   --t0:      CLOCK_MONOTONIC µs when the start command was issued
//   --delay:   seconds each stand-in waits before it listens (default 2); --faulty-delay for the
//              faulty one ("never" in never-healthy, implied)
//   --slack:   seconds a kill may follow the unhealthy verdict, and the budget may be overrun; a late
//              boot's delay may differ from its extra delay by a probe period and this (default 5)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { expectations } from './expectations.mjs';
import { parseJournal, parseShow } from './record.mjs';
import { judgeBoot, judgeLate, judgeNeverHealthy } from './verdict.mjs';

const OPTIONS = {
  inventory: { type: 'string' }, show: { type: 'string' }, journal: { type: 'string' },
  t0: { type: 'string' }, delay: { type: 'string', default: '2' }, faulty: { type: 'string' },
  'faulty-delay': { type: 'string' }, 'baseline-boot': { type: 'string' },
  slack: { type: 'string', default: '5' }, address: { type: 'string', multiple: true, default: [] },
};

function need(opts, ...names) {
  const missing = names.filter((n) => opts[n] === undefined);
  if (missing.length > 0) throw new UsageError(`missing --${missing.join(', --')}`);
}
class UsageError extends Error {}

const seconds = (text) => (text === 'never' ? Infinity : Number(text) * 1e6);

function record(opts, faultyDelayUs) {
  need(opts, 'show', 'journal', 't0');
  const delays = new Map(opts.faulty === undefined ? [] : [[opts.faulty, faultyDelayUs]]);
  return { units: parseShow(readFileSync(opts.show, 'utf8')), events: parseJournal(readFileSync(opts.journal, 'utf8')),
    t0: Number(opts.t0), delay: seconds(opts.delay), delays };
}

function judge(scenario, exp, opts) {
  if (scenario === 'healthy') return judgeBoot(exp, record(opts));
  need(opts, 'faulty');
  if (scenario === 'never-healthy') return judgeNeverHealthy(exp, record(opts, Infinity), opts.faulty, seconds(opts.slack));
  if (scenario !== 'late') throw new UsageError(`unknown scenario "${scenario}"`);
  need(opts, 'faulty-delay', 'baseline-boot');
  return judgeLate(exp, record(opts, seconds(opts['faulty-delay'])), opts.faulty, Number(opts['baseline-boot']), seconds(opts.slack));
}

try {
  const { values: opts, positionals: [scenario] } = parseArgs({ options: OPTIONS, allowPositionals: true });
  need(opts, 'inventory');
  const addresses = Object.fromEntries(opts.address.map((a) => a.split('=')));
  const exp = expectations(readFileSync(opts.inventory, 'utf8'), { addresses });
  if (scenario === 'expectations') {
    console.log(JSON.stringify(exp, null, 2));
  } else if (scenario === 'ports') {
    const lines = exp.services.flatMap((s) => [...s.ports, ...s.listens].map((p) => `${s.name} ${p.protocol} ${p.ip} ${p.hostPort}`));
    console.log(lines.join('\n'));
  } else if (scenario === 'units') {
    console.log([...exp.services.map((s) => s.unit), ...exp.stages].join('\n'));
  } else {
    const v = judge(scenario, exp, opts);
    for (const r of v.results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check} ${r.unit}: ${r.message}`);
    console.log(`${v.results.length - v.failures.length} passed, ${v.failures.length} failed`);
    process.exitCode = v.failures.length > 0 ? 1 : 0;
  }
} catch (err) {
  console.error(`expect: ${err.message}`);
  process.exitCode = err instanceof UsageError || err.code?.startsWith?.('ERR_PARSE_ARGS') ? 2 : 1;
}
