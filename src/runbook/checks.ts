// The inventory's checks and known problems in the runbook: each check as its command with what
// success looks like (placeholders replaced for this host), where the stage's section, the
// prerequisites and the checklist show them; the known problems as "Common errors", linked from
// the services they concern; and the host check command that runs them all.
import type { Check, KnownProblem } from "../inventory/model.js";
import { expandCheck } from "../checks/expand.js";
import { CHECK_COMMAND, checkCommandFile } from "../checks/script.js";
import { commented, code } from "./markdown.js";
import type { ProblemView, RunbookContext } from "./view.js";

const where: Record<Check["as"], string> = { root: "as root", user: "", workstation: "on the operator's workstation" };

/** One check as a commented command line: `RUN  # EXPECT (output: PATTERN; as root)`. */
function checkLine(ctx: RunbookContext, c: Check): readonly [string, string] {
  const { run, output } = expandCheck(c, ctx.host, ctx.inventory);
  const notes = [...(output === undefined ? [] : [`a line matches ${output}`]), ...(where[c.as] ? [where[c.as]] : [])];
  return [run, `${c.expect}${notes.length ? ` (${notes.join("; ")})` : ""}`];
}

export const checkLines = (ctx: RunbookContext, checks: readonly Check[]): string[] => commented(checks.map((c) => checkLine(ctx, c)));

/** The checks of a stage's services, for its section. */
export const stageChecks = (ctx: RunbookContext, stage: number): string[] => checkLines(ctx, ctx.services.filter((s) => s.stage === stage).flatMap((s) => s.checks));

export const prerequisiteChecks = (ctx: RunbookContext): string[] => checkLines(ctx, ctx.inventory.checks.filter((c) => c.prerequisite));

/** Everything after the boot: every service's checks, then the platform's. */
export const verificationChecks = (ctx: RunbookContext): string[] =>
  checkLines(ctx, [...ctx.services.flatMap((s) => s.checks), ...ctx.inventory.checks.filter((c) => !c.prerequisite)]);

export function checkCommandNotes(ctx: RunbookContext): string[] {
  return [
    `\`${CHECK_COMMAND}\` runs all of it at once, as root or as ${ctx.inventory.platform.user}: the prerequisites, every stage target and unit (state, health, time against its start timeout, the last log lines of a failed one), who owns each container, and the checks above that run on this host (not the workstation's). One line per check, \`ok\` or \`FAIL\` with its fix; exit status 1 if anything failed; \`--json\` for the same as JSON. The NixOS module puts it on the PATH; elsewhere it is \`${checkCommandFile}\` beside this runbook, plain shell.`,
  ];
}

export const problemAnchor = (k: KnownProblem): string => `problem-${k.name}`;

/** A service's known problems, as links to their entries in "Common errors". */
export function problemLinks(ctx: RunbookContext, service: string): string[] {
  const links = ctx.inventory.knownProblems.filter((k) => k.services.includes(service)).map((k) => `[${k.name}](#${problemAnchor(k)})`);
  return links.length ? [`known problems: ${links.join(", ")} (section 8)`] : [];
}

export function problemViews(ctx: RunbookContext): ProblemView[] {
  const here = new Set(ctx.services.map((s) => s.name));
  return ctx.inventory.knownProblems
    .filter((k) => k.services.length === 0 || k.services.some((s) => here.has(s)))
    .map((k) => ({
      anchor: problemAnchor(k),
      heading: `${k.name}: ${k.symptom}`,
      facts: [
        `concerns: ${k.services.length ? k.services.map(code).join(", ") : "the platform as a whole"}`,
        `cause: ${k.cause}`,
      ],
      fix: [...k.fix],
      cost: k.cost === undefined ? [] : [k.losesData ? `**This fix loses data: ${k.cost}.**` : `What it costs: ${k.cost}.`],
    }));
}
