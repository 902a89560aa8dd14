// The runbook scenario (scenarios/runbook.sh): the generated RUNBOOK.md's manual `podman run`
// commands, run by a real shell, must hand podman what their units hand it under systemd. Both
// argument vectors come from the recorder (image/podman-recorder: NUL-separated, <name>.argv).
//
// usage: node runbook.mjs commands RUNBOOK OUTDIR   each service's `podman run` command, verbatim
//                                                   (continuation lines and quotes as printed), to
//                                                   OUTDIR/<container>.sh; the names, one a line
//        node runbook.mjs compare UNITS MANUAL NAME...   one line per service: "ok MESSAGE" or
//                                                   "FAIL MESSAGE", UNITS and MANUAL the records
//
// What is compared, and why only that: what the issue asks the two to agree on, the container
// itself: its image and the arguments after it, its name, network, user, published ports,
// volumes, environment, pull policy and health commands (as podman reads them: "--opt value",
// "--opt=value" and short forms alike; ports and environment as sets, since their order means
// nothing to podman). The unit adds what only systemd needs, which the runbook must not have:
// --cidfile, --replace, --rm, --cgroups=split, --sdnotify, -d, the PODMAN_SYSTEMD_UNIT label,
// --health-on-failure (the runbook leaves it out: its kill would leave a container started by
// hand down), and the runbook adds --restart unless-stopped (outside systemd podman restarts it).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// podman run options that take no value (podman-run(1)); every other option takes one.
const FLAGS = new Set(["-d", "--detach", "--rm", "--replace", "--init", "--read-only", "--privileged",
  "-i", "--interactive", "-t", "--tty", "--no-hosts", "--rmi"]);
const ALIASES = { "-p": "--publish", "-v": "--volume", "-e": "--env", "-u": "--user", "--net": "--network" };
const COMPARED = { "--name": "list", "--network": "list", "--user": "list", "--publish": "set", "--volume": "list",
  "--env": "set", "--pull": "list", "--health-cmd": "list", "--health-startup-cmd": "list" };

/** The runbook's `podman run` commands: from `podman run` to the first line not ending in `\`. */
export function commands(markdown) {
  const out = [];
  let current = null;
  for (const line of markdown.split("\n")) {
    if (current === null && line.startsWith("podman run ")) current = [];
    if (current === null) continue;
    current.push(line);
    if (!line.endsWith("\\")) { out.push(current.join("\n")); current = null; }
  }
  return out.map((text) => ({ name: /--name[ =](\S+)/.exec(text)?.[1], text }));
}

/** podman run [OPTIONS] IMAGE [ARG...] → the compared options by name, the image, what follows. */
export function readRun(argv) {
  const at = argv.indexOf("run");
  const options = {};
  let i = at + 1;
  for (; i < argv.length && argv[i].startsWith("-"); i++) {
    const eq = argv[i].startsWith("--") ? argv[i].indexOf("=") : -1;
    const flag = eq > 0 ? argv[i].slice(0, eq) : argv[i];
    if (eq < 0 && FLAGS.has(flag)) continue;
    const value = eq > 0 ? argv[i].slice(eq + 1) : argv[++i];
    (options[ALIASES[flag] ?? flag] ??= []).push(value);
  }
  return { options, image: argv[i], args: argv.slice(i + 1) };
}

const argvOf = (file) => readFileSync(file, "utf8").replace(/\0$/, "").split("\0");
const show = (v) => JSON.stringify(v);

/** Where the manual run differs from the unit's, in what is compared: a list of differences. */
export function differences(unit, manual) {
  const d = [];
  if (unit.image !== manual.image) d.push(`image: unit ${show(unit.image)}, runbook ${show(manual.image)}`);
  if (show(unit.args) !== show(manual.args)) d.push(`arguments: unit ${show(unit.args)}, runbook ${show(manual.args)}`);
  for (const [opt, kind] of Object.entries(COMPARED)) {
    const [u, m] = [unit.options[opt] ?? [], manual.options[opt] ?? []].map((v) => (kind === "set" ? [...v].sort() : v));
    if (show(u) !== show(m)) d.push(`${opt}: unit ${show(u)}, runbook ${show(m)}`);
  }
  return d;
}

function compare(units, manual, names) {
  for (const name of names) {
    const files = [join(units, `${name}.argv`), join(manual, `${name}.argv`)];
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length > 0) { console.log(`FAIL ${name}: no record ${missing.join(", ")}`); continue; }
    const [u, m] = files.map((f) => readRun(argvOf(f)));
    const d = differences(u, m);
    const same = Object.keys(COMPARED).filter((o) => u.options[o] !== undefined).length;
    console.log(d.length === 0
      ? `ok ${name}: the runbook's podman run hands podman what its unit does (image, ${u.args.length} arguments, ${same} options compared)`
      : `FAIL ${name}: ${d.join("; ")}`);
  }
}

const [mode, a, b, ...rest] = process.argv.slice(2);
try {
  if (mode === "commands") {
    for (const c of commands(readFileSync(a, "utf8"))) {
      if (c.name === undefined) throw new Error(`a podman run without --name: ${c.text.split("\n")[0]}`);
      writeFileSync(join(b, `${c.name}.sh`), `${c.text}\n`);
      console.log(c.name);
    }
  } else if (mode === "compare") {
    compare(a, b, rest);
  } else if (mode !== undefined) {
    throw new Error(`unknown mode "${mode}"`);
  }
} catch (err) {
  console.error(`runbook: ${err.message}`);
  process.exitCode = 1;
}
