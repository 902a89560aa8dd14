// `npm run bench`: whole-process timings of `mcquad build`, compared with a bare `node -e 0`
// started in the same run (this machine is noisy: only ratios mean much), on the real inventory
// and on synthetic ones of 1,000 and 10,000 services; peak memory; and the real Quadlet
// generator converting the 10,000 resulting units, for scale.
import { spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticInventory } from "./inventory.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(repo, "bin", "mcquad.js");
const work = mkdtempSync(join(tmpdir(), "mcquad-bench-"));
const runs = Number(process.env.BENCH_RUNS ?? 9);

function time(command, args, env = {}) {
  const start = process.hrtime.bigint();
  // Standard error to a pipe would fill up: Quadlet logs a line per file.
  const r = spawnSync(command, args, { stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status ?? r.signal})`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Peak resident memory of one build, reported by the process itself. */
function peakRss(inventory, out) {
  const script = `const { main } = await import(${JSON.stringify(join(repo, "dist", "cli.js"))}); await main(["build", "-i", ${JSON.stringify(inventory)}, "-o", ${JSON.stringify(out)}]); process.stderr.write("RSS " + process.resourceUsage().maxRSS + "\\n");`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  return Number(/RSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
}

function quadletPath() {
  const cached = join(process.env.MCQUAD_CACHE ?? join(repo, ".cache"), "podman-trixie", "usr", "libexec", "podman", "quadlet");
  if (existsSync(cached)) return cached;
  try {
    return execFileSync("bash", [join(repo, "scripts", "fetch-podman.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() + "/usr/libexec/podman/quadlet";
  } catch {
    return undefined;
  }
}

const cases = [
  { name: "services.yaml (12)", inventory: join(repo, "services.yaml"), count: 12, runs },
  { name: "1,000 services", inventory: join(work, "1k.yaml"), count: 1000, runs },
  { name: "10,000 services", inventory: join(work, "10k.yaml"), count: 10000, runs: Math.max(3, Math.ceil(runs / 3)) },
];
writeFileSync(cases[1].inventory, syntheticInventory(1000));
writeFileSync(cases[2].inventory, syntheticInventory(10000));

try {
  const rows = [];
  for (const c of cases) {
    const node = [];
    const build = [];
    time(process.execPath, [bin, "build", "-i", c.inventory, "-o", join(work, "warm")]);
    for (let i = 0; i < c.runs; i++) {
      node.push(time(process.execPath, ["-e", "0"]));
      const out = mkdtempSync(join(work, "out-"));
      build.push(time(process.execPath, [bin, "build", "-i", c.inventory, "-o", out]));
      if (i < c.runs - 1 || c.count !== 10000) rmSync(out, { recursive: true });
      else c.out = out;
    }
    rows.push({ ...c, node: median(node), build: median(build), rss: peakRss(c.inventory, join(work, "rss")) });
    rmSync(join(work, "rss"), { recursive: true, force: true });
  }
  console.log(`mcquad build, median of runs, whole processes (node ${process.version}):\n`);
  console.log("inventory            node -e 0   mcquad build   ratio   per service   peak RSS");
  for (const r of rows) {
    const perService = (r.build - r.node) / r.count;
    console.log(`${r.name.padEnd(20)} ${r.node.toFixed(0).padStart(6)} ms ${r.build.toFixed(0).padStart(10)} ms ${(r.build / r.node).toFixed(2).padStart(6)}× ${perService.toFixed(3).padStart(9)} ms ${r.rss.toFixed(0).padStart(7)} MB`);
  }
  const [, k1, k10] = rows;
  console.log(`\nlinearity: (10k − node) / (1k − node) = ${((k10.build - k10.node) / (k1.build - k1.node)).toFixed(1)} (10.0 is linear)`);
  const check = [];
  for (let i = 0; i < 3; i++) check.push(time(process.execPath, [bin, "check", "-i", k10.inventory, "-o", k10.out]));
  console.log(`\n10,000 services, the same units: mcquad check (no writes) ${median(check).toFixed(0)} ms; mcquad build into an empty folder ${k10.build.toFixed(0)} ms`);
  const quadlet = quadletPath();
  if (quadlet && k10.out) {
    const dry = [];
    const write = [];
    for (let i = 0; i < 3; i++) {
      dry.push(time(quadlet, ["-user", "-dryrun"], { QUADLET_UNIT_DIRS: k10.out }));
      const into = mkdtempSync(join(work, "quadlet-"));
      write.push(time(quadlet, ["-user", into], { QUADLET_UNIT_DIRS: k10.out }));
      rmSync(into, { recursive: true });
    }
    console.log(`Quadlet 5.4 over the 10,000 units: dry run ${median(dry).toFixed(0)} ms; generation into an empty folder ${median(write).toFixed(0)} ms`);
  } else console.log("Quadlet generator not available (scripts/fetch-podman.sh): no comparison");
} finally {
  rmSync(work, { recursive: true, force: true });
}
