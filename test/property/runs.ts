// How often each property runs, in one place. A development run is kept short (each run of the
// heavier properties is a whole Quadlet dry run); CI (`CI=true`, as CI services set it) runs
// every property RUNS_IN_CI times as often. MCQUAD_PROPERTY_RUNS multiplies instead, and
// MCQUAD_PROPERTY_SEED replays a reported failure: fast-check's report on a failure gives the
// seed, the path and the shrunk counterexample (fc.assert's message), and the seed of every
// run is printed up front, so a failure seen once can be replayed exactly.
import fc from "fast-check";

const RUNS_IN_CI = 20;

/** Development runs per property, by property. */
export const DEV_RUNS = { values: 6, control: 10, services: 10, runbook: 25 } as const;

const factor = (env: NodeJS.ProcessEnv): number => {
  const given = Number(env["MCQUAD_PROPERTY_RUNS"]);
  if (Number.isInteger(given) && given > 0) return given;
  return env["CI"] === "true" || env["CI"] === "1" ? RUNS_IN_CI : 1;
};

const seedOf = (env: NodeJS.ProcessEnv): number => {
  const given = Number(env["MCQUAD_PROPERTY_SEED"]);
  return env["MCQUAD_PROPERTY_SEED"] && Number.isInteger(given) ? given : (Date.now() ^ (Math.random() * 0x100000000)) | 0;
};

/** Vitest's time limit for one property, grown with its run count (the default is 60 s). */
export const PROPERTY_TIMEOUT_MS = 90_000 * factor(process.env);

/** fast-check's options for the property `name`: its run count and this run's seed. */
export function propertyOptions(name: keyof typeof DEV_RUNS, env: NodeJS.ProcessEnv = process.env): fc.Parameters<unknown> {
  const numRuns = DEV_RUNS[name] * factor(env);
  const seed = seedOf(env);
  console.log(`property ${name}: ${numRuns} runs, seed ${seed} (replay: MCQUAD_PROPERTY_SEED=${seed})`);
  return { numRuns, seed };
}
