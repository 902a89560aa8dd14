// What every part of the NixOS module reads: the host's context (src/host/context.ts) and the
// Nix-specific names the parts share.
import type { HostContext } from "../host/context.js";
import { code, str, type NixAttr, type NixString } from "./nix.js";

export { addressProviders, doorStart, doorStop, doorTarget, runtimeDir, servicesOfStage, servicesOnProvidedAddresses, userManager } from "../host/context.js";

/** The module reads what every document of the host reads. */
export type ModuleContext = HostContext;

/** A group of attributes printed together under a comment. */
export interface NixSection {
  readonly comments: readonly string[];
  readonly attrs: readonly NixAttr[];
}

/** NixOS names services without their suffix: `systemd.services.<name>`. */
export const withoutSuffix = (unit: string): string => unit.replace(/\.(service|target)$/, "");

/** A command line of a tool from nixpkgs' systemd, by store path (not whatever PATH holds). */
export const systemdTool = (tool: string, ...args: string[]): NixString => str(code("pkgs.systemd"), `/bin/${tool}${args.length ? ` ${args.join(" ")}` : ""}`);

