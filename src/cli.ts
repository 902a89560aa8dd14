// The command line: argv → a command → an exit code. 0 ok, 1 invalid inventory or stale output,
// 2 a usage error, 70 an internal error (a bug: reported with its stack trace).
import { Command, CommanderError, Option } from "commander";
import { buildCommand, checkCommand, planCommand, validateCommand, verifyCommand, UsageError, type CommonOptions, type Io } from "./commands.js";
import { ansiColor, noColor } from "./report/format.js";

const io = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  // Colour only on a terminal, and never with NO_COLOR (https://no-color.org).
  style: process.stderr.isTTY && !process.env["NO_COLOR"] ? ansiColor : noColor,
});

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
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  try {
    await createProgram((c) => (code = c)).parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) return process.stderr.write(`mcquad: ${e.message}\n`), 2;
    process.stderr.write(`mcquad: internal error (a bug in mcquad, please report it):\n${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
  return code;
}
