// What the importer reads out of a runbook before it becomes YAML: one service per `podman run`
// command, still in the source's terms (IPs, not named addresses; images with their registry).
import type { ShellWord } from "../podman/shell-words.js";

export interface ImportOptions {
  /** How the source is named in the header and in messages: a file name, never a full path. */
  readonly source: string;
  /** The host the containers run on: the key under `hosts`. */
  readonly host: string;
  /** The platform user; placeholders (and a warning) when the operator gives none. */
  readonly userName?: string;
  readonly uid?: number;
}

export interface ImportedPort {
  /** Undefined: every address of the host. */
  readonly ip?: string;
  readonly hostPort: number;
  readonly containerPort: number;
  /** As written; undefined when the source leaves it to podman's default (tcp). */
  readonly protocol?: "tcp" | "udp";
}

export interface ImportedService {
  readonly name: string;
  /** The line the command starts on. */
  readonly line: number;
  /** As written, registry included. */
  readonly image: string;
  readonly imageWord: ShellWord;
  readonly network?: "host";
  readonly user?: string;
  readonly ports: readonly ImportedPort[];
  readonly volumes: readonly string[];
  readonly environment: readonly (readonly [string, string])[];
  readonly args: readonly string[];
  /** The inventory's restart policy (systemd's Restart=), and podman's --restart as written. */
  readonly restart: { readonly policy: string; readonly written?: string };
  /** What the command says that the inventory does not hold, for a comment on the service. */
  readonly notImported: readonly string[];
}

/** A stage as the source states it, 1-based. */
export interface ImportedStage {
  readonly index: number;
  readonly description: string;
  /** Names the source gives the stage that no command defines. */
  readonly pending: readonly string[];
}

export interface StageAssignment {
  readonly stage: number;
  /** False: the source states none, and the service was put in the last stage. */
  readonly stated: boolean;
}
