// Whether git tracks the generated files. A flake-based NixOS configuration copies only the files
// git tracks into the store (nix flake: "git+file" inputs, and a flake in a git repository, see
// only tracked files), so out/nixos.nix would fail to read a unit that was generated but never
// `git add`ed. Outside a git work tree, or without git, there is nothing to say.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { byCodeUnit } from "../report/finding.js";

/** The generated files (relative to outDir) git does not track; undefined when git cannot tell. */
export function untrackedFiles(outDir: string, names: Iterable<string>): string[] | undefined {
  if (!existsSync(outDir)) return undefined;
  // ls-files prints tracked paths relative to the folder it runs in (git-ls-files(1)).
  const run = spawnSync("git", ["-C", outDir, "ls-files", "-z", "--", "."], { encoding: "utf8" });
  if (run.error || run.status !== 0) return undefined;
  const tracked = new Set(run.stdout.split("\0").filter(Boolean));
  return [...names].filter((n) => !tracked.has(n)).sort(byCodeUnit);
}

/** The warning `mcquad build` prints, naming a few of the files. */
export function untrackedWarning(outDir: string, untracked: readonly string[]): string {
  const shown = untracked.slice(0, 3).map((n) => `${outDir}/${n}`);
  const more = untracked.length > shown.length ? ` and ${untracked.length - shown.length} more` : "";
  const what = untracked.length === 1 ? "is a generated file git does not track" : "are generated files git does not track";
  return `warning: ${shown.join(", ")}${more} ${what}: a flake-based NixOS configuration sees only tracked files, and its import of ${outDir}/nixos.nix would fail to read them\n  hint: git add ${outDir}\n`;
}
