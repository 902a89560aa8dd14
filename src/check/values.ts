// Values that cannot reach the container exactly as written through Quadlet and systemd
// (see src/units/quote.ts for the rules), and volume sources Quadlet would misread.
import type { Service } from "../inventory/model.js";
import { characterProblem, healthCommandProblem, isPodmanHealthSyntax, rawProblem, textProblem, wordProblem } from "../units/quote.js";
import { type Finding, error } from "../report/finding.js";

export function checkValues(s: Service): Finding[] {
  const findings: Finding[] = [];
  s.args.forEach((arg, i) => {
    const problem = wordProblem(arg);
    if (problem) findings.push(error([...s.path, "args", i], problem, "pass the value inside a longer argument (e.g. --flag=value), or through environment"));
  });
  if (s.health?.probe.kind === "command") {
    const command = s.health.probe.command;
    const problem = healthCommandProblem(command);
    const hint = command === ";" || isPodmanHealthSyntax(command)
      ? "write a plain shell command (podman runs it with /bin/sh -c), e.g. `exec pg_isready -q`"
      : "end the command with `;` (the shell ignores it) or start it with `exec`, rather than with a quote or a space";
    if (problem) findings.push(error([...s.path, "health", "command"], problem, hint));
  }
  for (const v of s.volumes) findings.push(...volumeFindings(v.source, v.target, v.path));
  findings.push(...characterFindings(s));
  const description = s.description === undefined ? undefined : textProblem(s.description);
  if (description) findings.push(error([...s.path, "description"], description, "end the description with another character"));
  return findings;
}

/** Every value Quadlet copies into ExecStart=, checked for characters that cannot get through. */
function characterFindings(s: Service): Finding[] {
  const values: [Service["path"], string][] = [
    ...s.args.map((a, i): [Service["path"], string] => [[...s.path, "args", i], a]),
    ...s.environment.map(([k, v]): [Service["path"], string] => [[...s.path, "environment", k], v]),
    ...s.volumes.map((v): [Service["path"], string] => [v.path, `${v.source}:${v.target}`]),
    ...(s.health?.probe.kind === "command" ? [[[...s.path, "health", "command"], s.health.probe.command] as [Service["path"], string]] : []),
  ];
  return values.flatMap(([path, value]) => {
    const problem = characterProblem(value);
    return problem ? [error(path, problem, "leave the character out, or have the container build the value (e.g. with printf in a shell)")] : [];
  });
}

function volumeFindings(source: string, target: string, path: Service["path"]): Finding[] {
  const findings: Finding[] = [];
  if (!source.startsWith("/")) {
    findings.push(error(path, `volume source "${source}" is relative: Quadlet would silently make it a named volume`, `write an absolute host path, e.g. "/srv/${source.replace(/^\.?\/*/, "")}"`));
  }
  const misread = mountsForProblem(source);
  if (misread) findings.push(error(path, `volume source "${source}" ${misread.problem}`, misread.hint));
  if (!target.startsWith("/")) findings.push(error(path, `volume target "${target}" must be an absolute path inside the container`));
  const problem = rawProblem(`${source}:${target}`);
  if (problem) findings.push(error(path, `volume "${source}:${target}": ${problem}`));
  return findings;
}

/**
 * Quadlet 5.4 copies a bind mount's source unchanged into RequiresMountsFor=, which systemd reads
 * as a space-separated list of paths (systemd.unit(5)) with syntax of its own, so the unit would
 * wait for the wrong paths, or none (each seen with systemd-analyze verify): a space splits the
 * list (other Unicode spaces do not), quotes and backslashes are quoting syntax, `$` stays
 * doubled (only ExecStart= reads `$$` as `$`), and a path with `..` is ignored as not normalized.
 */
function mountsForProblem(source: string): { problem: string; hint: string } | undefined {
  const symlink = "(a symlink to the real folder works)";
  const c = /[ "'\\$]/.exec(source)?.[0];
  if (c === " ") return { problem: "contains white space, which Quadlet's RequiresMountsFor= would split", hint: `use a host path without spaces ${symlink}` };
  if (c === "$") return { problem: "contains `$`, which Quadlet's RequiresMountsFor= would keep doubled as `$$`", hint: `use a host path without it ${symlink}` };
  if (c !== undefined) return { problem: `contains \`${c}\`, which systemd reads as quoting in Quadlet's RequiresMountsFor=`, hint: `use a host path without it ${symlink}` };
  if (source.split("/").includes("..")) return { problem: "contains `..`: systemd ignores a RequiresMountsFor= path that is not normalized", hint: "write the path without `..`" };
  return undefined;
}
