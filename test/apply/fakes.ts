// A fake host for the apply script: systemctl, podman, id and runuser first on PATH, acting on a
// folder that stands for the user manager and podman's storage. They behave as the real tools do
// where the script's decisions depend on it: a restart of a unit whose image is not in storage
// fails (Quadlet's units run with Pull=never and --rm: "image not known"), `show -P SourcePath`
// names the installed .container file (Quadlet writes SourcePath=), `is-active` prints the state
// word and fails unless active, and a pull succeeds only for an image the registry holds. Every
// call is recorded, so the tests assert on what the script did, in order.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tools: Record<string, string> = {
  systemctl: `echo "systemctl $*" >> "$WORLD/calls"
[ "$1" = --user ] && shift
cmd=$1; shift
[ "\${1:-}" = --job-mode=ignore-dependencies ] && shift
unit=\${1:-}
case "$cmd" in
  daemon-reload) ;;
  is-active) s=$(cat "$WORLD/units/$unit" 2>/dev/null || echo inactive); echo "$s"; [ "$s" = active ] ;;
  show) f="$WORLD/installed/\${3%.service}.container"; [ ! -e "$f" ] || echo "$f" ;;
  stop) echo inactive > "$WORLD/units/$unit" ;;
  start | restart)
    sleep "\${FAKE_RESTART_SECONDS:-0}" # how long the unit takes to become active
    image=$(sed -n 's/^Image=//p' "$WORLD/installed/\${unit%.service}.container")
    if [ -e "$WORLD/broken/$unit" ] || [ ! -e "$WORLD/images/$(echo "$image" | tr / _)" ]; then
      echo failed > "$WORLD/units/$unit"; echo "Job for $unit failed" >&2; exit 1
    fi
    echo active > "$WORLD/units/$unit"; echo "$image" > "$WORLD/running/$unit" ;;
  *) echo "fake systemctl: $cmd unknown" >&2; exit 1 ;;
esac
`,
  podman: `echo "podman $*" >> "$WORLD/calls"
case "$1 $2" in
  "image exists") [ -e "$WORLD/images/$(echo "$3" | tr / _)" ] ;;
  "pull --quiet")
    if grep -qxF "$3" "$WORLD/registry"; then touch "$WORLD/images/$(echo "$3" | tr / _)"; echo sha256:0123
    else echo "Error: initializing source docker://$3: reading manifest: manifest unknown" >&2; exit 125; fi ;;
  *) echo "fake podman: $* unknown" >&2; exit 125 ;;
esac
`,
  id: `[ "$1" = -u ] && echo "\${FAKE_UID:-850}"`,
  runuser: `echo "runuser $*" >> "$WORLD/calls"
while [ "$1" != -- ]; do shift; done; shift
# The host's runtime folders are the world's (the lock lives in the user manager's).
for a do shift; case "$a" in XDG_RUNTIME_DIR=/run/*) a="XDG_RUNTIME_DIR=$WORLD\${a#XDG_RUNTIME_DIR=}" ;; esac; set -- "$@" "$a"; done
FAKE_UID=850 exec "$@"
`,
};

const bin = mkdtempSync(join(tmpdir(), "mcquad-fake-host-"));
for (const [name, body] of Object.entries(tools)) {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}`);
  chmodSync(join(bin, name), 0o755);
}

export interface World {
  readonly dir: string;
  readonly state: string;
}

const imageFile = (image: string) => image.replaceAll("/", "_");

/** An empty host: nothing installed, running or stored. */
export function newWorld(): World {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-world-"));
  for (const sub of ["installed", "units", "images", "running", "broken", "run/user/850"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "registry"), "");
  writeFileSync(join(dir, "calls"), "");
  return { dir, state: join(dir, "state") };
}

/** Installs a build's .container files, as copying out/ to the Quadlet folder does. */
export function install(world: World, files: ReadonlyMap<string, string>): void {
  for (const f of readdirSync(join(world.dir, "installed"))) rmSync(join(world.dir, "installed", f));
  for (const [name, text] of files) if (name.endsWith(".container")) writeFileSync(join(world.dir, "installed", name), text);
}

export const setUnit = (world: World, unit: string, state: string): void => writeFileSync(join(world.dir, "units", unit), `${state}\n`);
export const unitState = (world: World, unit: string): string => (existsSync(join(world.dir, "units", unit)) ? readFileSync(join(world.dir, "units", unit), "utf8").trim() : "inactive");
export const store = (world: World, image: string): void => writeFileSync(join(world.dir, "images", imageFile(image)), "");
export const inRegistry = (world: World, image: string): void => writeFileSync(join(world.dir, "registry"), `${readFileSync(join(world.dir, "registry"), "utf8")}${image}\n`);
export const breakUnit = (world: World, unit: string): void => writeFileSync(join(world.dir, "broken", unit), "");
export const running = (world: World, unit: string): string | undefined => (existsSync(join(world.dir, "running", unit)) ? readFileSync(join(world.dir, "running", unit), "utf8").trim() : undefined);
export const setRunning = (world: World, unit: string, image: string): void => writeFileSync(join(world.dir, "running", unit), `${image}\n`);

export interface ApplyRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every call of the fake tools, in order. */
  readonly calls: readonly string[];
  /** The calls that change something: daemon-reload, restart, start, stop, pull. */
  readonly actions: readonly string[];
}

/** The platform user's runtime folder in the world: where the script takes its lock. */
export const runtimeDir = (world: World): string => join(world.dir, "run", "user", "850");

const scriptEnv = (world: World, env: Record<string, string>) => ({
  PATH: `${bin}:${process.env["PATH"] ?? ""}`,
  WORLD: world.dir,
  MCQUAD_APPLY_STATE: world.state,
  HOME: world.dir,
  XDG_RUNTIME_DIR: runtimeDir(world),
  ...env,
});

/** Every call of the fake tools since the calls were last cleared. */
export function calls(world: World): string[] {
  return readFileSync(join(world.dir, "calls"), "utf8").split("\n").filter(Boolean);
}

const actionsOf = (all: readonly string[]) => all.filter((c) => / (daemon-reload|restart|start|stop|pull) /.test(`${c} `));

/** Runs the generated script with bash, the fakes first on PATH; the calls are those of this run. */
export function apply(world: World, script: string, env: Record<string, string> = {}): ApplyRun {
  writeFileSync(join(world.dir, "calls"), "");
  const r = spawnSync("bash", [script], { encoding: "utf8", env: scriptEnv(world, env) });
  const all = calls(world);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: all, actions: actionsOf(all) };
}

/** A run in the background, in its own process group (so a test can kill all of it). */
export interface BackgroundRun {
  readonly pid: number;
  readonly done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/** Starts the script without waiting for it; the calls are not cleared, other runs share them. */
export function applyInBackground(world: World, script: string, env: Record<string, string> = {}): BackgroundRun {
  const child = spawn("bash", [script], { env: scriptEnv(world, env), detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
  return { pid: child.pid ?? 0, done };
}
