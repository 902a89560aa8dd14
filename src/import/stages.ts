// Each service's stage from the document's order: the recovery-order list when it names the
// service (loosely: MCR → mcr-api and mcr-web, sgard → sgardd), else the stage heading above its
// command; else the last stage, with a warning. Listed names without a command become pending.
import { type Finding, warning } from "../report/finding.js";
import type { ImportedService, ImportedStage, StageAssignment } from "./model.js";
import type { DocumentOrder, ListedName } from "./order.js";

export interface StagePlan {
  readonly stages: readonly ImportedStage[];
  readonly assignments: ReadonlyMap<string, StageAssignment>;
  readonly findings: readonly Finding[];
}

export function assignStages(order: DocumentOrder, services: readonly ImportedService[]): StagePlan {
  const stated = [...order.listed.map((l) => l.stage), ...order.headingStage];
  const count = stated.reduce<number>((max, n) => (n !== undefined && n > max ? n : max), 1);
  const findings: Finding[] = [];
  const assignments = new Map<string, StageAssignment>();
  for (const s of services) {
    const { assignment, problems } = assignOne(order, s);
    assignments.set(s.name, assignment ?? { stage: count, stated: false });
    findings.push(...problems);
    if (!assignment) findings.push(at(s.line, `${s.name}: the source states no stage for it: put in the last stage, ${count}`, "check its stage in the imported inventory"));
  }
  return { stages: describeStages(order, services, count), assignments, findings };
}

function assignOne(order: DocumentOrder, s: ImportedService): { assignment?: StageAssignment; problems: Finding[] } {
  const listed = bestListed(order.listed, s.name);
  const heading = order.headingStage[s.line - 1];
  const problems: Finding[] = [];
  const stages = new Set(listed.map((l) => l.stage));
  if (stages.size > 1) problems.push(at(s.line, `${s.name}: the recovery order names it in stages ${[...stages].join(" and ")}: taking stage ${listed[0]?.stage}`));
  const first = listed[0];
  if (first && heading !== undefined && heading !== first.stage) {
    problems.push(at(s.line, `${s.name}: the recovery order says stage ${first.stage}, the heading above its command stage ${heading}: taking stage ${first.stage}`));
  }
  if (first) return { assignment: { stage: first.stage, stated: true }, problems };
  if (heading !== undefined) return { assignment: { stage: heading, stated: true }, problems };
  return { problems };
}

/** The listed names that match the service best: exactly first, then loosely. */
function bestListed(listed: readonly ListedName[], name: string): ListedName[] {
  const exact = listed.filter((l) => matches(l.token, name) === 2);
  return exact.length > 0 ? exact : listed.filter((l) => matches(l.token, name) === 1);
}

/** 2: the same name; 1: the service is a part of the listed one (mcr → mcr-api) or its daemon (sgard → sgardd). */
function matches(token: string, service: string): 0 | 1 | 2 {
  const t = token.toLowerCase();
  const s = service.toLowerCase();
  if (s === t) return 2;
  if (s.startsWith(`${t}-`) || (t.length >= 3 && s.startsWith(t) && s.length === t.length + 1)) return 1;
  return 0;
}

function describeStages(order: DocumentOrder, services: readonly ImportedService[], count: number): ImportedStage[] {
  return Array.from({ length: count }, (_, i) => {
    const index = i + 1;
    const { label, title } = order.labels.get(index) ?? {};
    const description = label && title && !title.toLowerCase().startsWith(label.toLowerCase()) ? `${label}: ${title}` : (title ?? label ?? `Stage ${index}`);
    const pending = order.listed.filter((l) => l.stage === index && !services.some((s) => matches(l.token, s.name) > 0)).map((l) => l.token.toLowerCase());
    return { index, description, pending: [...new Set(pending)] };
  });
}

const at = (line: number, message: string, hint?: string): Finding => ({ ...warning([], message, hint), position: { line, col: 1 } });
