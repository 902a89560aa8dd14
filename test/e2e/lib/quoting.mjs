// The quoting scenario's expectations and checks (lib/quoting.sh). The expected strings come from
// the fixture, parsed with `yaml` (mcquad itself reads inventories with js-yaml); the actual ones
// from what the recorder bound over /usr/bin/podman in the guest received from systemd: its
// argument vector, NUL-separated, in RECORDS/<container name>.argv.
//
// usage: node quoting.mjs --services FIXTURE      the unit names, one a line
//        node quoting.mjs FIXTURE RECORDS         one line per check: "ok MESSAGE" or "FAIL MESSAGE"
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";

const PODMAN = "/usr/bin/podman";

/** Each service of the fixture with the strings podman must receive. */
function expectations(fixture) {
  const inventory = parse(readFileSync(fixture, "utf8"));
  if (inventory.registry) throw new Error(`${fixture}: no registry, or the images get its prefix`);
  return Object.entries(inventory.services).map(([name, s]) => ({
    name,
    container: s.container_name ?? name,
    image: s.image,
    args: s.args ?? [],
    // Quadlet 5.4 sorts Environment= values (REFERENCE §2): compare them sorted.
    env: Object.entries(s.environment ?? {}).map(([k, v]) => `${k}=${v}`).sort(byCodeUnit),
    healthCmd: s.health?.command === undefined ? [] : [s.health.command],
  }));
}

const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** podman run [OPTIONS] IMAGE [ARG...]: the options' values by name, the image and what follows. */
function readRun(argv, argCount) {
  const at = argv.length - argCount - 1;
  const options = { "--env": [], "--health-cmd": [], "--name": [] };
  for (let i = 2; i < at; i++) {
    const [flag, value] = argv[i].includes("=") ? argv[i].split(/=(.*)/s, 2) : [argv[i], argv[i + 1]];
    if (!(flag in options)) continue;
    options[flag].push(value);
    if (!argv[i].includes("=")) i++;
  }
  return { ...options, image: argv[at], args: argv.slice(at + 1) };
}

/** The first difference between two lists of strings, or "" when they are equal. */
function difference(expected, actual) {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const [want, got] = [expected[i], actual[i]].map((v) => JSON.stringify(v));
    if (expected[i] !== actual[i]) return `[${i}] expected ${want}, got ${got}`;
  }
  return "";
}

function checkService(e, records) {
  const file = `${records}/${e.container}.argv`;
  if (!existsSync(file)) return [`FAIL ${e.name}: no \`podman run\` recorded for container ${e.container}`];
  const argv = readFileSync(file, "utf8").split("\0").slice(0, -1); // each argument ends with NUL
  const run = readRun(argv, e.args.length);
  const lines = [];
  const check = (message, expected, actual) => {
    const diff = difference(expected, actual);
    lines.push(diff ? `FAIL ${e.name}: ${message}: ${diff}` : `ok ${e.name}: ${message}`);
  };
  const exactly = (n, what) => (n ? `${n} ${what} exactly as in the fixture` : `no ${what}, as in the fixture`);
  check(`${PODMAN} run --name ${e.container}, ${argv.length} arguments`,
    [PODMAN, "run", e.container], [argv[0], argv[1], ...run["--name"]]);
  check(`image ${e.image}, then ${exactly(e.args.length, "arguments")}`, [e.image, ...e.args], [run.image, ...run.args]);
  check(exactly(e.env.length, "--env values"), e.env, [...run["--env"]].sort(byCodeUnit));
  check(e.healthCmd.length ? "--health-cmd exactly as in the fixture" : "no --health-cmd, as in the fixture",
    e.healthCmd, run["--health-cmd"]);
  return lines;
}

const [first, ...rest] = process.argv.slice(2);
if (first === "--services") {
  for (const e of expectations(rest[0])) console.log(`${e.name}.service`);
} else {
  for (const e of expectations(first)) for (const line of checkService(e, rest[0])) console.log(line);
}
