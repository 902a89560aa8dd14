// The temporary folder verify works in: copies of out/'s units, the generator's output, a stand-in
// podman, and a runtime dir for systemd-analyze. Nothing is installed on the host: systemd-analyze
// only needs the ExecStart= binary to exist (REFERENCE §2), so a stub in here is enough.
import { chmod, copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface WorkDir {
  readonly root: string;
  readonly input: string;
  readonly scratch: string;
  readonly boot: string;
  readonly generated: string;
  readonly targets: string;
  readonly runtime: string;
  readonly podmanStub: string;
  /** Folder holding podman-user-wait-network-online.service (the real one, or a stand-in). */
  readonly podmanUnits: string;
}

export async function prepareWorkDir(
  root: string,
  outDir: string,
  names: readonly string[],
  realPodmanUnits: string | undefined,
): Promise<WorkDir> {
  const dir = (name: string): string => join(root, name);
  const wd: WorkDir = {
    root,
    input: dir("input"),
    scratch: dir("scratch"),
    boot: dir("boot"),
    generated: dir("generated"),
    targets: dir("targets"),
    runtime: dir("runtime"),
    podmanStub: join(dir("bin"), "podman"),
    podmanUnits: realPodmanUnits ?? dir("podman-units"),
  };
  for (const d of [wd.input, wd.scratch, wd.boot, wd.generated, wd.targets, wd.runtime, dir("bin")]) {
    await mkdir(d, { recursive: true });
  }
  for (const name of names) {
    const copies = name.endsWith(".container") ? [wd.input, wd.scratch] : [wd.targets];
    for (const to of copies) await copyFile(join(outDir, name), join(to, name));
  }
  await writeFile(wd.podmanStub, "#!/bin/sh\n# stand-in podman for mcquad verify: never runs a container\nexit 0\n");
  await chmod(wd.podmanStub, 0o755);
  if (realPodmanUnits === undefined) await writeWaitOnlineStandIn(wd);
  return wd;
}

// Quadlet's user units depend on this unit (podman-systemd.unit(5), "Implicit network
// dependencies"); it ships in the podman package. Without it, a stand-in of the same shape.
async function writeWaitOnlineStandIn(wd: WorkDir): Promise<void> {
  await mkdir(wd.podmanUnits, { recursive: true });
  const unit = [
    "[Unit]",
    "Description=Stand-in for podman-user-wait-network-online.service (mcquad verify)",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${wd.podmanStub}`,
    "RemainAfterExit=yes",
    "",
  ].join("\n");
  await writeFile(join(wd.podmanUnits, "podman-user-wait-network-online.service"), unit);
}

/**
 * Points every Exec*= that runs podman at the stub. Quadlet 5.4 already does so through $PODMAN;
 * this covers a generator that ignores it (the variable is a test hook, not a documented API).
 */
export async function pointExecAtStub(generated: string, stub: string): Promise<void> {
  const exec = /^(Exec\w*=[-@:+!|]*)(\S*\/podman)(?=\s|$)/gm;
  for (const name of await readdir(generated)) {
    if (!name.endsWith(".service")) continue;
    const file = join(generated, name);
    const text = await readFile(file, "utf8");
    const fixed = text.replace(exec, (all, prefix: string, bin: string) => (bin === stub ? all : prefix + stub));
    if (fixed !== text) await writeFile(file, fixed);
  }
}
