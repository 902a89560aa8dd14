// The round trip the value properties check, on a batch of services at once (one inventory, one
// Quadlet dry run): inventory text → generate() → the real Quadlet → ExecStart= read back.
import { expect } from "vitest";
import { generateText } from "../helpers.js";
import { formatFindings } from "../../src/report/format.js";
import { formatPath } from "../../src/report/finding.js";
import { quoteHealthCmd, quoteRaw, quoteWord, quoteWords } from "../../src/units/quote.js";
import { normalizeText } from "../../src/render/render.js";
import { quadletDryRun } from "./quadlet.js";
import { readBack } from "./readback.js";
import { type ValueCase, IMAGE, caseService, expected, inventory, received, serviceName, valuePaths, withoutRefused } from "./value-cases.js";
import { type Path, type YamlText, pathKey, toYaml } from "./yaml-text.js";

export const batchText = (cases: readonly ValueCase[]): YamlText =>
  toYaml(inventory(Object.fromEntries(cases.map((c, i) => [serviceName(i), caseService(c)]))));

/** Each finding as a user sees its first line: `services.yaml:LINE:COL: path`. */
export function reportedAt(findings: Parameters<typeof formatFindings>[0], text: string): string[] {
  return formatFindings(findings, text, "services.yaml")
    .split("\n")
    .flatMap((l) => /^(services\.yaml:\d+:\d+: \S+): /.exec(l)?.[1] ?? [])
    .sort();
}

/** Where a finding on `path` must be reported: where the value is written. */
export function expectedAt(text: YamlText, paths: readonly Path[]): string[] {
  return paths
    .map((p) => {
      const at = text.positions.get(pathKey(p));
      return `services.yaml:${at?.line}:${at?.col}: ${formatPath(p)}`;
    })
    .sort();
}

/**
 * Refusals first: only of generated values, each located where the value is written. A service
 * the schema refuses is checked no further in that run, so refused values are taken out and the
 * rest checked again until nothing is refused. Then the batch must pass Quadlet and reach the
 * containers intact. Returns the refused values, for the caller to show each refusal was needed.
 */
export function checkBatch(cases: readonly ValueCase[]): { path: Path; value: string }[] {
  const refused: { path: Path; value: string }[] = [];
  let current = cases;
  for (let round = 1; ; round++) {
    const text = batchText(current);
    const result = generateText(text.text);
    const errors = result.findings.filter((f) => f.severity === "error");
    if (errors.length === 0) {
      checkCarried(current, result.files);
      return refused;
    }
    expect(round, "refusals still appear after taking out the refused values").toBeLessThan(4);
    const values = new Map(current.flatMap((c, i) => valuePaths(serviceName(i), c)).map((v) => [pathKey(v.path), v]));
    const stray = errors.filter((e) => !values.has(pathKey(e.path))).map((e) => `${formatPath(e.path)}: ${e.message}`);
    expect(stray, "refusals of anything but a generated value").toEqual([]);
    expect(reportedAt(errors, text.text)).toEqual(expectedAt(text, errors.map((e) => e.path)));
    const keys = new Set(errors.map((e) => pathKey(e.path)));
    refused.push(...[...keys].map((key) => values.get(key) as { path: Path; value: string }));
    current = current.map((c, i) => withoutRefused(serviceName(i), c, keys));
  }
}

/** One Quadlet run over the batch: every service generated, every value received as written. */
function checkCarried(cases: readonly ValueCase[], files: ReadonlyMap<string, string>): void {
  const run = quadletDryRun(files);
  expect(run.stderr).not.toMatch(/converting|error/i);
  expect(run.status).toBe(0);
  const got = cases.map((_, i) => {
    const service = run.services.get(serviceName(i));
    return service ? received(readBack(service)) : "no service generated";
  });
  expect(got).toEqual(cases.map(expected));
}

/** The one value at `path` as a case of its own. */
function soloCase(path: Path, value: string): ValueCase {
  const [, , field, key] = path;
  const none = { args: [], environment: [], volumes: [] };
  if (field === "args") return { ...none, args: [value] };
  if (field === "environment") return { ...none, environment: [[String(key), value]] };
  if (field === "health") return { ...none, health: value };
  const colon = value.indexOf(":");
  return { ...none, volumes: [[value.slice(0, colon), value.slice(colon + 1)]] };
}

/** A unit carrying the case quoted exactly as src/units/container.ts would, validation bypassed. */
function bypassUnit(c: ValueCase): string {
  return [
    "[Container]",
    `Image=${IMAGE}`,
    ...c.volumes.map(([s, t]) => `Volume=${quoteRaw(`${s}:${t}`)}`),
    ...c.environment.map(([k, v]) => `Environment=${quoteWord(`${k}=${v}`)}`),
    ...(c.args.length ? [`Exec=${quoteWords(c.args)}`] : []),
    ...(c.health === undefined ? [] : [`HealthCmd=${quoteHealthCmd(c.health)}`]),
    // In the real unit more lines follow each value: a trailing `\` would swallow one of them.
    "[Service]",
    "Restart=always",
    "",
  ].join("\n");
}

/**
 * A refusal is needed when the value, written anyway, would not reach the container as it is:
 * Quadlet skips the unit, or what systemd would run differs. Returns the refusals that were not.
 */
export function unneededRefusals(refused: readonly { path: Path; value: string }[]): string[] {
  return refused.flatMap(({ path, value }) => {
    const c = soloCase(path, value);
    const unit = normalizeText(bypassUnit(c)); // as mcquad's renderer would write it
    const service = quadletDryRun(new Map([["bypass.container", unit]])).services.get("bypass");
    const carried = service !== undefined && JSON.stringify(received(readBack(service))) === JSON.stringify(expected(c));
    return carried ? [`${formatPath(path)}: ${JSON.stringify(value)} would have passed`] : [];
  });
}
