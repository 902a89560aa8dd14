// A file or folder mcquad was pointed at, or must write, that it cannot use: one line naming the
// path and the reason, never a stack trace. The CLI prints it and exits 2 (README, Commands).
export class PathError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
  }
}

const reasons: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "is a folder, not a file",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "name too long",
  EEXIST: "appeared while mcquad was writing (another process?)",
};

/** The reason a system call on `path` failed, in words. */
export function pathProblem(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return `${path}: ${(code && reasons[code]) ?? (code || String(e))}`;
}

/** Runs a file-system step; its failure becomes a PathError naming `path` (never a stack trace). */
export function onPath<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    throw new PathError([pathProblem(path, e)]);
  }
}
