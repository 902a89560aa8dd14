// Values that cannot reach the container exactly as written through Quadlet and systemd
// (see src/units/quote.ts for the rules), and volume sources Quadlet would misread.
import type { Service } from "../inventory/model.js";
import { healthCommandProblem, rawProblem, wordProblem } from "../units/quote.js";
import { type Finding, error } from "../report/finding.js";

export function checkValues(s: Service): Finding[] {
  const findings: Finding[] = [];
  s.args.forEach((arg, i) => {
    const problem = wordProblem(arg);
    if (problem) findings.push(error([...s.path, "args", i], problem, "pass the value inside a longer argument (e.g. --flag=value), or through environment"));
  });
  if (s.health?.probe.kind === "command") {
    const problem = healthCommandProblem(s.health.probe.command);
    if (problem) findings.push(error([...s.path, "health", "command"], problem, "end the command with `;` (the shell ignores it) or start it with `exec`, rather than with a quote or a space"));
  }
  for (const v of s.volumes) findings.push(...volumeFindings(v.source, v.target, v.path));
  return findings;
}

function volumeFindings(source: string, target: string, path: Service["path"]): Finding[] {
  const findings: Finding[] = [];
  if (!source.startsWith("/")) {
    findings.push(error(path, `volume source "${source}" is relative: Quadlet would silently make it a named volume`, `write an absolute host path, e.g. "/srv/${source.replace(/^\.?\/*/, "")}"`));
  }
  if (/\s/.test(source)) {
    // Quadlet 5.4 copies a bind mount's source into RequiresMountsFor= unquoted, and systemd
    // splits that list at white space (systemd.unit(5)): the unit would wait for the wrong paths.
    findings.push(error(path, `volume source "${source}" contains white space, which Quadlet's RequiresMountsFor= would split`, "use a host path without spaces (a symlink to the real folder works)"));
  }
  if (!target.startsWith("/")) findings.push(error(path, `volume target "${target}" must be an absolute path inside the container`));
  const problem = rawProblem(`${source}:${target}`);
  if (problem) findings.push(error(path, `volume "${source}:${target}": ${problem}`));
  return findings;
}
