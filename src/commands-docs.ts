// The commands that print or write documents about the inventory rather than units: runbook,
// graph, explain, schema. Same contract as commands.ts (I/O here, exit code returned), kept in a
// file of their own so neither grows past a screenful of commands.
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { analyzeInventory, type Model } from "./analyze.js";
import { hasErrors, type Finding } from "./report/finding.js";
import { suggest } from "./report/suggest.js";
import { planOutput, writeOutput } from "./output/write.js";
import { unifiedDiff } from "./output/diff.js";
import { onPath } from "./output/path-error.js";
import { RUNBOOK_FILE } from "./runbook/runbook.js";
import { buildDiagram } from "./diagram/diagram.js";
import { renderDot, renderMermaid } from "./diagram/render.js";
import { explainService, explainableNames } from "./explain/explain.js";
import { inventoryJsonSchema } from "./inventory/json-schema.js";
import { readInventory, report, runGenerate, type CommonOptions, type Io } from "./commands.js";

/** Writes only the runbook(s) of out/, never touching the units (build does those). */
export function runbookCommand(opts: CommonOptions & { out: string; stdout: boolean }, io: Io): number {
  const result = runGenerate(opts, io)?.result;
  if (!result || hasErrors(result.findings)) return 1;
  const runbooks = new Map([...result.files].filter(([name]) => name === RUNBOOK_FILE || name.endsWith(`/${RUNBOOK_FILE}`)));
  if (opts.stdout) return io.out([...runbooks.values()].join("\n")), 0;
  const plan = planOutput(opts.out, runbooks);
  writeOutput(opts.out, runbooks, { ...plan, remove: [] });
  for (const name of runbooks.keys()) io.out(`${join(opts.out, name)}: ${plan.create.includes(name) ? "created" : plan.update.includes(name) ? "updated" : "unchanged"}\n`);
  return 0;
}

/** The model, or the findings reported and undefined: errors make every document meaningless. */
function analyzed(opts: CommonOptions, io: Io): { model: Model; findings: readonly Finding[] } | undefined {
  const text = readInventory(opts, io);
  if (text === undefined) return undefined;
  const { findings, model } = analyzeInventory(text, { overrides: opts.overrides });
  if (!model || hasErrors(findings)) return report(findings, text, opts, io), undefined;
  return { model, findings };
}

export function graphCommand(opts: CommonOptions & { format: "dot" | "mermaid"; svg?: string }, io: Io): number {
  const done = analyzed(opts, io);
  if (!done) return 1;
  const { inventory, graph } = done.model;
  const diagram = buildDiagram(inventory, graph, inventory.services);
  if (opts.svg !== undefined) return renderSvg(renderDot(diagram).join("\n"), opts.svg, io);
  io.out(`${(opts.format === "dot" ? renderDot(diagram) : renderMermaid(diagram)).join("\n")}\n`);
  return 0;
}

/** Graphviz is optional: without it, say how to get it rather than fail obscurely. */
function renderSvg(dot: string, file: string, io: Io): number {
  const run = spawnSync("dot", ["-Tsvg", "-o", file], { input: `${dot}\n`, encoding: "utf8" });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    io.err(
      "mcquad: --svg needs Graphviz's `dot`, which is not installed\n" +
        "  hint: install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; NixOS: nix-shell -p graphviz),\n" +
        "  or render the DOT text elsewhere: mcquad graph --format dot > boot.dot\n",
    );
    return 1;
  }
  if (run.error || run.status !== 0) return io.err(`mcquad: dot failed: ${run.error?.message ?? run.stderr.trim()}\n`), 1;
  io.out(`${file}: the boot graph as SVG\n`);
  return 0;
}

export function explainCommand(opts: CommonOptions & { service: string }, io: Io): number {
  const done = analyzed(opts, io);
  if (!done) return 1;
  const text = explainService(done.model, done.findings, opts.service);
  if (text !== undefined) return io.out(text), 0;
  const hint = suggest(opts.service, explainableNames(done.model.inventory));
  io.err(`mcquad: ${opts.inventory} has no service "${opts.service}"${hint ? `; ${hint}` : ""}\n`);
  return 1;
}

/** Like check for out/: `--check` fails with a diff when the committed schema is stale. */
export function schemaCommand(opts: { output: string; check: boolean; stdout: boolean }, io: Io): number {
  const schema = inventoryJsonSchema();
  if (opts.stdout) return io.out(schema), 0;
  const current = existsSync(opts.output) ? onPath(opts.output, () => readFileSync(opts.output, "utf8")) : undefined;
  if (opts.check) {
    if (current === schema) return io.out(`${opts.output} is up to date\n`), 0;
    io.out(unifiedDiff(current ?? "", schema, current === undefined ? "/dev/null" : `a/${opts.output}`, `b/${opts.output}`));
    io.err(`${opts.output} is stale: run \`npx mcquad schema\`\n`);
    return 1;
  }
  if (current !== schema) onPath(opts.output, () => writeFileSync(opts.output, schema));
  io.out(`${opts.output}: ${current === undefined ? "created" : current === schema ? "unchanged" : "updated"}\n`);
  return 0;
}
