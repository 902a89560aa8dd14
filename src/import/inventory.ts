// Imported services and the document's order → the inventory as YAML text: the sections in
// services.yaml's order, every service in the source's order, and a comment wherever a value is
// assumed or missing because a `podman run` command does not carry it.
import type { Finding } from "../report/finding.js";
import { renderYaml, type YamlComment, type YamlPath } from "./document.js";
import type { ImportOptions, ImportedPort, ImportedService } from "./model.js";
import { hostPart, platformPart, registryPart, registryPrefix, type Part } from "./sections.js";
import type { StagePlan } from "./stages.js";

export function writeInventory(services: readonly ImportedService[], plan: StagePlan, options: ImportOptions): { text: string; findings: Finding[] } {
  const prefix = registryPrefix(services.map((s) => s.image));
  const { part: hosts, names } = hostPart(services, options.host);
  const restart = commonRestart(services);
  const parts: Part[] = [
    { key: "version", value: 1, comments: [] },
    { key: "podman", value: "5.4", comments: [{ path: [], text: "the oldest Podman whose Quadlet must accept the units", inline: true }] },
    platformPart(options),
    ...(prefix === undefined ? [] : [registryPart(prefix)]),
    hosts,
    stagesPart(plan),
    ...(restart === undefined ? [] : [defaultsPart(restart, services)]),
    servicesPart(services, plan, { source: options.source, prefix, names, restartInDefaults: restart !== undefined }),
  ];
  const header = [
    `Imported by \`mcquad import\` from ${options.source}: one service for each of its \`podman run\` commands.`,
    "A command does not carry everything an inventory holds: read every comment below, fill in what",
    'is "not stated by the source", then check the result with `npx mcquad validate`.',
  ];
  const text = renderYaml({
    header,
    value: new Map(parts.map((p) => [p.key, p.value])),
    comments: parts.flatMap((p) => p.comments.map((c) => ({ ...c, path: [p.key, ...c.path] }))),
    spaced: [...parts.slice(2).map((p) => [p.key]), ...services.slice(1).map((s) => ["services", s.name])],
  });
  return { text, findings: parts.flatMap((p) => p.findings ?? []) };
}

function stagesPart(plan: StagePlan): Part {
  const value = plan.stages.map((s) => ({
    name: `stage${s.index}`,
    description: s.description,
    ...(s.pending.length ? { pending: s.pending.map((name) => ({ name, reason: `the source names it in stage ${s.index} but has no podman run command for it` })) } : {}),
  }));
  const stated = plan.stages.length > 1 || [...plan.assignments.values()].some((a) => a.stated);
  const text = stated
    ? "From the source's stage headings and recovery order: each stage must be healthy before the\nnext starts. A name is its systemd target's (stage1.target): rename them freely."
    : "The source states no order: every service is in this one stage. Split them into stages in\nboot order; a name is its systemd target's (stage1.target).";
  return { key: "stages", value, comments: [{ path: [], text }] };
}

/** The policy every service shares, when they do: then it is written once, under defaults. */
function commonRestart(services: readonly ImportedService[]): string | undefined {
  const policies = new Set(services.map((s) => s.restart.policy));
  return policies.size === 1 ? [...policies][0] : undefined;
}

function defaultsPart(restart: string, services: readonly ImportedService[]): Part {
  const written = [...new Set(services.flatMap((s) => (s.restart.written === undefined ? [] : [`--restart ${s.restart.written}`])))];
  const text =
    written.length === 0
      ? "The source starts its containers without --restart: systemd does not restart them either."
      : `The source's ${written.join(", ")}, as systemd's Restart= (podman's own --restart is not\ncombined with systemd's).`;
  return { key: "defaults", value: { restart }, comments: [{ path: [], text }] };
}

interface ServiceContext {
  readonly source: string;
  readonly prefix: string | undefined;
  readonly names: ReadonlyMap<string, string>;
  readonly restartInDefaults: boolean;
}

function servicesPart(services: readonly ImportedService[], plan: StagePlan, ctx: ServiceContext): Part {
  const value = new Map(services.map((s) => [s.name, serviceValue(s, plan.assignments.get(s.name)?.stage ?? plan.stages.length, ctx)]));
  const comments: YamlComment[] = [
    {
      path: [],
      text: [
        "One per `podman run` command, in the source's order. Not stated by the source, so not imported:",
        "health checks (without one, the next stage does not wait for the service to be ready; mcquad",
        "validate warns for each) and dependencies within a stage (requires, wants).",
      ].join("\n"),
    },
    ...services.flatMap((s) => serviceComments(s, plan, [s.name], ctx)),
  ];
  return { key: "services", value, comments };
}

function serviceValue(s: ImportedService, stage: number, ctx: ServiceContext): Map<string, unknown> {
  const optional: [string, unknown][] = [
    ["network", s.network],
    ["listens", s.network === "host" ? [] : undefined],
    ["user", s.user],
    ["ports", s.ports.length ? s.ports.map((p) => portText(p, ctx.names)) : undefined],
    ["volumes", s.volumes.length ? s.volumes : undefined],
    ["environment", s.environment.length ? new Map(s.environment) : undefined],
    ["args", s.args.length ? s.args : undefined],
    ["restart", ctx.restartInDefaults ? undefined : s.restart.policy],
  ];
  const image = ctx.prefix === undefined ? s.image : s.image.slice(ctx.prefix.length + 1);
  return new Map<string, unknown>([["stage", stage], ["image", image], ...optional.filter(([, v]) => v !== undefined)]);
}

/** ADDRESS:HOST:CONTAINER with the address's name, or HOST:CONTAINER for every address. */
function portText(p: ImportedPort, names: ReadonlyMap<string, string>): string {
  const address = p.ip === undefined ? "" : `${names.get(p.ip) ?? p.ip}:`;
  return `${address}${p.hostPort}:${p.containerPort}${p.protocol ? `/${p.protocol}` : ""}`;
}

function serviceComments(s: ImportedService, plan: StagePlan, path: YamlPath, ctx: ServiceContext): YamlComment[] {
  const comments: YamlComment[] = [];
  const before = [`From ${ctx.source}:${s.line}.`, ...s.notImported.map((n) => `NOT IMPORTED: ${n}`)];
  comments.push({ path, text: before.join("\n") });
  if (plan.assignments.get(s.name)?.stated !== true) comments.push({ path: [...path, "stage"], text: "stage: not stated by the source; check it", inline: true });
  if (s.network === "host") comments.push({ path: [...path, "listens"], text: "not stated by the source: the ports it binds, e.g. [443/tcp]", inline: true });
  if (!ctx.restartInDefaults) comments.push({ path: [...path, "restart"], text: s.restart.written === undefined ? "no --restart" : `--restart ${s.restart.written}`, inline: true });
  return comments;
}
