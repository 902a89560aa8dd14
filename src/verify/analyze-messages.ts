// Reads `systemd-analyze --user verify` output (systemd-analyze(1)) and turns it into findings on
// the files of out/. Formats seen with systemd 252 and 257:
//   /dir/x.service:34: Unknown key 'K' in section [S], ignoring.     (252)
//   /dir/x.service:34: Unknown key name 'K' in section 'S', ignoring. (257)
//   x.service: Failed to create x.service/start: Unit y.service not found.
//   x.service: Found ordering cycle on y.service/start   … Found dependency on x.service/start
//   x.service: Command /p is not executable: No such file or directory
import type { Finding } from "./report.js";
import type { UnitSources } from "./sources.js";
import type { UnitIndex } from "./unit-lines.js";

export interface AnalyzeContext {
  readonly sources: UnitSources;
  /** Line index of each generated or copied unit file, by absolute path. */
  readonly files: ReadonlyMap<string, UnitIndex>;
  /** Paths that are stand-ins mcquad put in place (the podman stub): never reported. */
  readonly standIns: ReadonlySet<string>;
}

const AT_LINE = /^(\/\S+?\.(?:service|target)):(\d+): (.*)$/;
const NOT_FOUND = /^(\S+): Failed to create \S+\/start: Unit (\S+) not found\.?$/;
const CYCLE_ON = /^(\S+): Found ordering cycle on (\S+)\/start$/;
const CYCLE_DEP = /^(\S+): Found dependency on (\S+)\/start$/;
const CYCLE_END = /^(\S+): (Unable to break cycle|Job \S+ deleted to break ordering cycle)/;
const NOT_EXECUTABLE = /^(\S+): Command (\S+) is not executable/;
const UNIT_SAYS = /^([\w@.\\-]+\.(?:service|target)): (.*)$/;
// Consequences of a cycle or a missing unit, reported once from their cause.
const ECHOES = [/Transaction order is cyclic/, /^Requested transaction contains/, /Failed to create \S+\/start:/];

export function parseAnalyzeOutput(output: string, ctx: AnalyzeContext): Finding[] {
  const findings: Finding[] = [];
  const missing = new Map<string, string>();
  const cycles = new Set<string>();
  let cycle: string[] | undefined;
  for (const line of output.split("\n").map((l) => l.trim())) {
    let m: RegExpExecArray | null;
    if (line === "") continue;
    if ((m = CYCLE_ON.exec(line)) && m[2] !== undefined) cycle = [m[2]];
    else if ((m = CYCLE_DEP.exec(line)) && m[2] !== undefined) cycle?.push(m[2]);
    else if ((m = CYCLE_END.exec(line)) && m[1] !== undefined) {
      // Each unit on the loop reports it again, starting from itself: keep the first report.
      const id = [...new Set([m[1], ...(cycle ?? [])])].sort().join(" ");
      if (cycle !== undefined && !cycles.has(id)) findings.push(cycleFinding([m[1], ...cycle], ctx));
      cycles.add(id);
      cycle = undefined;
    } else if ((m = NOT_FOUND.exec(line)) && m[1] !== undefined && m[2] !== undefined) {
      if (!missing.has(m[2])) missing.set(m[2], m[1]);
    } else if ((m = AT_LINE.exec(line))) findings.push(atLine(m[1] as string, Number(m[2]), m[3] as string, ctx));
    else if ((m = NOT_EXECUTABLE.exec(line)) && m[1] !== undefined && m[2] !== undefined) {
      if (!ctx.standIns.has(m[2])) findings.push(notExecutable(m[1], m[2], ctx));
    } else if (!ECHOES.some((re) => re.test(line))) findings.push(other(line, ctx));
  }
  for (const [unit, reporter] of missing) findings.push(...missingUnit(unit, reporter, ctx));
  return findings;
}

function atLine(path: string, line: number, text: string, ctx: AnalyzeContext): Finding {
  const unit = path.slice(path.lastIndexOf("/") + 1);
  const entry = ctx.files.get(path)?.entries.find((e) => e.line === line);
  const place = ctx.sources.place(unit, entry === undefined ? {} : { section: entry.section, key: entry.key, value: entry.value });
  const dep = /^Failed to add dependency on (\S+), ignoring: (.*)$/.exec(text);
  if (dep?.[1] !== undefined) {
    return {
      severity: "error",
      ...place,
      message: `${unit} depends on ${dep[1]}, which systemd rejects (${dep[2] ?? "invalid"}) and ignores, so ${unit} does not wait for it`,
      hint: missingHint(dep[1], ctx),
    };
  }
  const ignored = /, ignoring\.?$/.test(text);
  const what = text.replace(/, ignoring\.?$/, "");
  return { severity: "error", ...place, message: `${unit}: systemd: ${what}${ignored ? " (systemd ignores it)" : ""}` };
}

function missingUnit(unit: string, reporter: string, ctx: AnalyzeContext): Finding[] {
  const mentioning = [...ctx.sources.files].filter(([, src]) =>
    src.index.entries.some((e) => e.value.split(/\s+/).includes(unit)),
  );
  const hint = missingHint(unit, ctx);
  const places = mentioning.length > 0
    ? mentioning.map(([name]) => ctx.sources.placeOfMention(name.replace(/\.container$/, ".service"), unit, ["Requires", "BindsTo", "Requisite", "Wants"]))
    : [ctx.sources.place(reporter)];
  const users = mentioning.length > 0 ? mentioning.map(([name]) => name.replace(/\.container$/, ".service")) : [reporter];
  return places.map((place, i) => ({
    severity: "error" as const,
    ...place,
    message: `${users[i] ?? reporter} depends on ${unit}, which does not exist: systemd refuses to start ${users[i] ?? reporter} and every unit that requires it`,
    hint,
  }));
}

function missingHint(unit: string, ctx: AnalyzeContext): string {
  const generatedFrom = ctx.sources.files.get(unit.replace(/\.service$/, ".container"));
  if (unit.endsWith(".container")) {
    return `name the generated unit, ${unit.replace(/\.container$/, ".service")}: Podman 5.4 does not translate .container names (REFERENCE §2)`;
  }
  return generatedFrom !== undefined
    ? `Quadlet did not generate it: see the error on ${generatedFrom.path}`
    : "is it a system unit? A user unit cannot depend on one (systemd issues #3312, #28762)";
}

function cycleFinding(chain: string[], ctx: AnalyzeContext): Finding {
  // chain[i] is ordered after chain[i + 1]; the last entry closes the loop on chain[0].
  const loop = chain[chain.length - 1] === chain[0] ? chain : [...chain, chain[0] as string];
  const own = loop.findIndex((u, i) => i < loop.length - 1 && ctx.sources.sourceOf(u) !== undefined);
  const from = loop[Math.max(own, 0)] as string;
  const to = loop[Math.max(own, 0) + 1] as string;
  return {
    severity: "error",
    ...ctx.sources.placeOfMention(from, to, ["After", "Before"]),
    message: `ordering cycle: ${loop.join(" after ")}; systemd cannot start these units`,
    hint: "one of these After=/Before= (or a stage target ordering) must go",
  };
}

function notExecutable(unit: string, command: string, ctx: AnalyzeContext): Finding {
  return {
    severity: "warning",
    ...ctx.sources.place(unit, { section: "Service" }),
    message: `${command} does not exist on this machine; ${unit} fails to start where it is missing`,
  };
}

function other(line: string, ctx: AnalyzeContext): Finding {
  const m = UNIT_SAYS.exec(line);
  const ours = m?.[1] !== undefined && ctx.sources.sourceOf(m[1]) !== undefined;
  return ours
    ? { severity: "error", ...ctx.sources.place(m?.[1] as string), message: `systemd: ${m?.[2] ?? line}` }
    : { severity: "warning", file: ctx.sources.outDir, message: `systemd-analyze: ${line}` };
}
