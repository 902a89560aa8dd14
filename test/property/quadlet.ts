// The real Quadlet 5.4.2 generator (fetched by test/verify/podman.ts) run once over a set of
// `.container` files, and its dry run read back service by service. Lines end only at "\n", as
// in systemd's parser: a JS regex's `.` and `$` would also stop at U+2028/U+2029, which are
// ordinary characters inside a unit-file value.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podmanTree } from "../verify/podman.js";

export interface GeneratedService {
  readonly lines: readonly string[];
  /** Every value of `key=` in the service Quadlet wrote, in order. */
  readonly values: (key: string) => string[];
}

export interface DryRun {
  readonly status: number | null;
  readonly stderr: string;
  /** Service name (without `.service`) → what Quadlet generated for it. */
  readonly services: ReadonlyMap<string, GeneratedService>;
}

/** `files`: file name → contents; only `.container` files are given to Quadlet. */
export function quadletDryRun(files: ReadonlyMap<string, string>): DryRun {
  const dir = mkdtempSync(join(tmpdir(), "mcquad-property-"));
  try {
    for (const [name, text] of files) if (name.endsWith(".container")) writeFileSync(join(dir, name), text);
    const run = spawnSync(podmanTree().quadlet, ["-user", "-dryrun"], {
      // podman-systemd.unit(5), "Debugging a limited set of unit files": read only this folder.
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", QUADLET_UNIT_DIRS: dir },
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (run.error) throw run.error;
    return { status: run.status, stderr: run.stderr, services: parseDryRun(run.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The dry run prints each unit under a `---name.service---` line. */
function parseDryRun(stdout: string): Map<string, GeneratedService> {
  const services = new Map<string, GeneratedService>();
  let current: string[] | undefined;
  for (const line of stdout.split("\n")) {
    const header = /^---(.+)\.service---$/.exec(line);
    if (header) services.set(header[1] as string, service((current = [])));
    else current?.push(line);
  }
  return services;
}

function service(lines: string[]): GeneratedService {
  return { lines, values: (key) => lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1)) };
}
