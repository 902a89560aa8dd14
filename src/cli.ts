// The command line: argv → a command → an exit code. 0 ok, 1 invalid inventory or stale output,
// 2 a usage error or a path that cannot be read or written, 70 an internal error (a bug: reported with its stack trace).
import { Command, CommanderError, Option } from "commander";
import { buildCommand, checkCommand, importCommand, planCommand, validateCommand, verifyCommand, UsageError, type CommonOptions, type Io } from "./commands.js";
import { explainCommand, graphCommand, runbookCommand, schemaCommand } from "./commands-docs.js";
import { fstatSync, statSync, writeSync } from "node:fs";
import { ansiColor, noColor } from "./report/format.js";
import { PathError } from "./output/path-error.js";

const io = (): Io => ({
  out: (t) => writeAll(1, t),
  err: (t) => writeAll(2, t),
  // Colour only on a terminal, and never with NO_COLOR (https://no-color.org).
  style: isTerminal(2) && !process.env["NO_COLOR"] ? ansiColor : noColor,
});

/**
 * A character device other than /dev/null: a terminal, in practice. node:tty's isatty would load
 * the net and stream modules, which is what writeAll avoids.
 */
function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && st.rdev !== statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

/**
 * Straight to the file descriptor: process.stdout and process.stderr are streams whose first use
 * loads Node.js's stream modules, a tenth of a bare start on the real inventory (bench/). A
 * descriptor the parent made non-blocking (EAGAIN) gets the rest through the stream, which waits.
 */
function writeAll(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EPIPE") return; // the reader is gone (`mcquad plan | head`)
    if (code !== "EAGAIN") throw e;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(done));
  }
}

function collectAddress(value: string, previous: Map<string, string>): Map<string, string> {
  const m = /^([a-zA-Z0-9][a-zA-Z0-9_.-]*)=(\S+)$/.exec(value);
  if (!m) throw new UsageError(`--address ${value}: expected NAME=IP, e.g. lan=127.0.0.2`);
  return new Map(previous).set(m[1] as string, m[2] as string);
}

interface RawOptions {
  inventory: string;
  out: string;
  address: Map<string, string>;
  json?: boolean;
  quadlet?: string;
}

const common = (o: RawOptions): CommonOptions => ({ inventory: o.inventory, overrides: { addresses: o.address } });

function command(program: Command, name: string, description: string, withOut: boolean): Command {
  const c = program.command(name).description(description);
  c.option("-i, --inventory <file>", "the inventory", "services.yaml");
  if (withOut) c.option("-o, --out <dir>", "the output folder", "out");
  c.addOption(new Option("--address <name=ip>", "use another IP for a named address (repeatable), e.g. for a test").argParser(collectAddress).default(new Map(), "none"));
  return c;
}

export function createProgram(exit: (code: number) => void): Command {
  const program = new Command("mcquad")
    .description("Compile a service inventory into Podman Quadlet units and staged systemd targets.")
    .showHelpAfterError()
    .exitOverride();
  command(program, "build", "generate the units into the output folder", true).action((o: RawOptions) => exit(buildCommand({ ...common(o), out: o.out }, io())));
  command(program, "check", "exit 1 with a diff when the output folder is not what the inventory generates", true).action((o: RawOptions) => exit(checkCommand({ ...common(o), out: o.out }, io())));
  command(program, "validate", "only validate the inventory", false).action((o: RawOptions) => exit(validateCommand(common(o), io())));
  command(program, "plan", "print the boot order, what starts in parallel and the time budgets", false)
    .option("--json", "print the plan as JSON", false)
    .action((o: RawOptions) => exit(planCommand({ ...common(o), json: o.json === true }, io())));
  command(program, "verify", "prove the output folder with the real Quadlet generator and systemd-analyze", true)
    .option("--quadlet <path>", "the Quadlet generator to use (default: found on this machine)")
    .action(async (o: RawOptions) => exit(await verifyCommand({ inventory: o.inventory, out: o.out, ...(o.quadlet ? { quadlet: o.quadlet } : {}) }, io())));
  importProgram(program, exit);
  documentPrograms(program, exit);
  return program;
}

interface DocumentRawOptions extends RawOptions {
  stdout?: boolean;
  format: "dot" | "mermaid";
  svg?: string;
  output: string;
  check?: boolean;
}

/** The commands that describe the inventory: runbook, graph, explain, schema. */
function documentPrograms(program: Command, exit: (code: number) => void): void {
  command(program, "runbook", "write only the runbook (RUNBOOK.md) into the output folder", true)
    .option("--stdout", "print it instead", false)
    .action((o: DocumentRawOptions) => exit(runbookCommand({ ...common(o), out: o.out, stdout: o.stdout === true }, io())));
  command(program, "graph", "print the boot graph, stages as clusters", false)
    .addOption(new Option("--format <format>", "the graph language").choices(["mermaid", "dot"]).default("mermaid"))
    .option("--svg <file>", "render it to an SVG file with Graphviz's dot instead")
    .action((o: DocumentRawOptions) => exit(graphCommand({ ...common(o), format: o.format, ...(o.svg === undefined ? {} : { svg: o.svg }) }, io())));
  command(program, "explain", "say when and why a service starts, what it waits for and what waits for it", false)
    .argument("<service>", "the service's name")
    .action((service: string, o: DocumentRawOptions) => exit(explainCommand({ ...common(o), service }, io())));
  program
    .command("schema")
    .description("write the inventory's JSON Schema, which editors use for completion and checks")
    .option("-o, --output <file>", "the schema file", "services.schema.json")
    .option("--check", "exit 1 with a diff when the file is not the current schema", false)
    .option("--stdout", "print it instead", false)
    .action((o: DocumentRawOptions) => exit(schemaCommand({ output: o.output, check: o.check === true, stdout: o.stdout === true }, io())));
}

interface ImportRawOptions {
  out?: string;
  force?: boolean;
  host: string;
  userName?: string;
  uid?: number;
}

const checked = (option: string, pattern: RegExp, what: string) => (value: string): string => {
  if (!pattern.test(value)) throw new UsageError(`${option} ${value}: not ${what}`);
  return value;
};

function parseUid(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 2 ** 31 - 2) throw new UsageError(`--uid ${value}: not a uid (1 to ${2 ** 31 - 2})`);
  return Number(value);
}

/** `import` reads a runbook, not an inventory: its own options, and its output is a file. */
function importProgram(program: Command, exit: (code: number) => void): void {
  program
    .command("import")
    .description("write an inventory from the `podman run` commands of a Markdown runbook or a shell script")
    .argument("<file>", "the runbook (Markdown: the commands in its code blocks) or shell script")
    .option("-o, --out <file>", "write the inventory to this file (default: standard output)")
    .option("-f, --force", "overwrite the --out file if it exists", false)
    .addOption(new Option("--host <name>", "the host the containers run on").default("host").argParser(checked("--host", /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, "a host name")))
    .addOption(new Option("--user-name <name>", "the platform user that runs the containers (default: a placeholder)").argParser(checked("--user-name", /^[a-z_][a-z0-9_-]{0,31}$/, "a POSIX user name")))
    .addOption(new Option("--uid <n>", "that user's uid (default: a placeholder)").argParser(parseUid))
    .action((file: string, o: ImportRawOptions) => {
      const given = { ...(o.out === undefined ? {} : { out: o.out }), ...(o.userName === undefined ? {} : { userName: o.userName }), ...(o.uid === undefined ? {} : { uid: o.uid }) };
      exit(importCommand({ file, force: o.force === true, host: o.host, ...given }, io()));
    });
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  try {
    await createProgram((c) => (code = c)).parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) return writeAll(2, `mcquad: ${e.message}\n`), 2;
    if (e instanceof PathError) return writeAll(2, e.problems.map((p) => `mcquad: ${p}\n`).join("")), 2;
    writeAll(2, `mcquad: internal error (a bug in mcquad, please report it):\n${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
  return code;
}
