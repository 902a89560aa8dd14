// Runs an external tool without a shell (arguments are never re-parsed), with a timeout, and
// hands back its exit code and output: a non-zero exit is data here (Quadlet exits 1 when it
// skips a file), so only a failure to run at all is thrown.
import { execFile } from "node:child_process";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** A tool could not be run, or did not finish in time: the user's setup, not a unit problem. */
export class VerifyToolError extends Error {
  override readonly name = "VerifyToolError";
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function runTool(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { env: opts.env ?? process.env, cwd: opts.cwd, timeout, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ code: 0, stdout, stderr });
        // A numeric code means the tool ran and exited non-zero; anything else (ENOENT, EACCES,
        // the timeout's signal) means it did not do its job.
        if (typeof error.code === "number" && !error.killed) {
          return resolve({ code: error.code, stdout, stderr });
        }
        const why = error.killed ? `did not finish within ${timeout / 1000} s` : error.message;
        reject(new VerifyToolError(`running ${file} failed: ${why}`));
      },
    );
  });
}
