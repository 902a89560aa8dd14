// Podman's own reading of --health-cmd values (scenarios/readers.sh), against the committed
// record of it (test/fixtures/podman/health-cmd.json), which the unit tests hold mcquad's
// health-command refusals to (test/unit/podman-health-syntax.test.ts): a value is refused as
// "podman's own syntax" exactly when podman does not read it as the shell command it is.
//
// usage: node health-readings.mjs values FIXTURE            the values, one a line
//        node health-readings.mjs compare FIXTURE OBSERVED  one line per value: "ok MESSAGE" or
//                                                           "FAIL MESSAGE"; OBSERVED: what podman
//                                                           said, a JSON value a line, in order
//        node health-readings.mjs record FIXTURE OBSERVED   the fixture, with OBSERVED's readings
import { readFileSync } from "node:fs";

const load = (file) => JSON.parse(readFileSync(file, "utf8"));
const observed = (file) => readFileSync(file, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));

const [mode, fixture, seen] = process.argv.slice(2);
try {
  const f = load(fixture);
  if (mode === "values") {
    for (const r of f.readings) {
      if (r.value.includes("\n")) throw new Error(`a value with a newline cannot be read a line at a time: ${JSON.stringify(r.value)}`);
      console.log(r.value);
    }
  } else if (mode === "compare") {
    const got = observed(seen);
    f.readings.forEach((r, i) => {
      const [want, now] = [JSON.stringify(r.podman), JSON.stringify(got[i])];
      console.log(`${want === now ? "ok" : "FAIL"} --health-cmd ${JSON.stringify(r.value)}: podman reads ${now}${want === now ? ", as recorded" : `, recorded ${want}`}`);
    });
  } else if (mode === "record") {
    const got = observed(seen);
    console.log(JSON.stringify({ ...f, readings: f.readings.map((r, i) => ({ value: r.value, podman: got[i] ?? null })) }, null, 2));
  } else {
    throw new Error(`unknown mode "${mode}"`);
  }
} catch (err) {
  console.error(`health-readings: ${err.message}`);
  process.exitCode = 1;
}
