// What the output folder holds, read without following a single symbolic link, and whether every
// generated file can be placed in it. A link where a generated file or folder goes would make
// mcquad write wherever the link points (a pull request can carry links as easily as text), so it
// is refused before anything is written, like a file where a folder goes.
import { accessSync, constants, existsSync, lstatSync, readdirSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { PathError, onPath, pathProblem } from "./path-error.js";
import { byCodeUnit } from "../report/finding.js";

export type EntryKind = "file" | "folder" | "link" | "other";

/** Every entry below `outDir` (relative path → kind), hidden ones left out; none for a missing folder. */
export function readOutputFolder(outDir: string): Map<string, EntryKind> {
  const top = lstatOrUndefined(outDir);
  if (top === undefined) return new Map();
  if (top.isSymbolicLink()) throw new PathError([`${outDir}: is a symbolic link; mcquad writes only into a real folder, never through a link`]);
  if (!top.isDirectory()) throw new PathError([`${outDir}: is not a folder`]);
  const entries = new Map<string, EntryKind>();
  listEntries(outDir, "", entries);
  return new Map([...entries].sort(([a], [b]) => byCodeUnit(a, b)));
}

function listEntries(dir: string, prefix: string, into: Map<string, EntryKind>): void {
  const list = onPath(dir, () => readdirSync(dir, { withFileTypes: true }));
  // Dirent types come from lstat: a link to a folder is a link here and is never entered.
  for (const e of list) {
    if (e.name.startsWith(".")) continue;
    const kind: EntryKind = e.isSymbolicLink() ? "link" : e.isDirectory() ? "folder" : e.isFile() ? "file" : "other";
    into.set(`${prefix}${e.name}`, kind);
    if (kind === "folder") listEntries(join(dir, e.name), `${prefix}${e.name}/`, into);
  }
}

const described: Readonly<Record<EntryKind, string>> = { file: "a file", folder: "a folder", link: "a symbolic link", other: "not a regular file" };

/** Every place where a generated file or its folder would land on something else than itself. */
export function placementProblems(outDir: string, entries: ReadonlyMap<string, EntryKind>, names: Iterable<string>): string[] {
  const problems = new Set<string>();
  for (const name of names) {
    const at = blockingEntry(entries, name);
    const kind = entries.get(at);
    if (kind === undefined || (at === name && kind === "file")) continue;
    const what = at === name ? "a generated file" : "a folder";
    problems.add(`${join(outDir, at)}: is ${described[kind]} where mcquad writes ${what}${kind === "link" ? "; mcquad never writes through a link: remove it" : ": move it away"}`);
  }
  return [...problems];
}

/** The first folder on the way to `name` that exists and is not a folder, else `name` itself. */
function blockingEntry(entries: ReadonlyMap<string, EntryKind>, name: string): string {
  const parts = name.split("/");
  for (let i = 1; i < parts.length; i++) {
    const at = parts.slice(0, i).join("/");
    const kind = entries.get(at);
    if (kind !== undefined && kind !== "folder") return at;
  }
  return name;
}

/** Each folder a write lands in must be writable, or the nearest existing one that will hold it. */
export function writabilityProblems(folders: Iterable<string>): string[] {
  const problems = new Set<string>();
  for (const folder of new Set(folders)) {
    let existing = folder;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    try {
      accessSync(existing, constants.W_OK);
    } catch (e) {
      problems.add(`${pathProblem(existing, e)} (mcquad must write there)`);
    }
  }
  return [...problems];
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PathError([pathProblem(path, e)]);
  }
}
