// What every part of the NixOS module reads: one host's services in boot order, its unit files,
// and the names the parts share (the user manager, the door's units), defined once here.
import type { Host, Inventory, Service, Stage } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import type { Plan } from "../plan/plan.js";
import { byCodeUnit } from "../report/finding.js";
import { code, str, type NixAttr, type NixString } from "./nix.js";

export interface ModuleContext {
  readonly host: Host;
  readonly inventory: Inventory;
  readonly graph: ServiceGraph;
  readonly plan: Plan;
  /** This host's services, stage by stage and wave by wave (the boot order). */
  readonly services: readonly Service[];
  /** The unit files generated for this host, as named in the output folder, sorted. */
  readonly files: readonly string[];
  /** How the inventory is named in comments, e.g. `services.yaml`. */
  readonly source: string;
}

/** A group of attributes printed together under a comment. */
export interface NixSection {
  readonly comments: readonly string[];
  readonly attrs: readonly NixAttr[];
}

/** The platform user's manager (user@.service(5)): it runs every container. */
export const userManager = (ctx: ModuleContext): string => `user@${ctx.inventory.platform.uid}.service`;

/** pam_systemd(8): XDG_RUNTIME_DIR of a user, where `systemctl --user` finds its manager. */
export const runtimeDir = (ctx: ModuleContext): string => `/run/user/${ctx.inventory.platform.uid}`;

/** The door's units in the system manager (see door.ts). */
export const doorTarget = (stage: Stage): string => `${stage.name}.target`;
export const doorStart = (stage: Stage): string => `${stage.name}-start.service`;
export const doorStop = (stage: Stage): string => `${stage.name}-stop.service`;

/** NixOS names services without their suffix: `systemd.services.<name>`. */
export const withoutSuffix = (unit: string): string => unit.replace(/\.(service|target)$/, "");

/** A command line of a tool from nixpkgs' systemd, by store path (not whatever PATH holds). */
export const systemdTool = (tool: string, ...args: string[]): NixString => str(code("pkgs.systemd"), `/bin/${tool}${args.length ? ` ${args.join(" ")}` : ""}`);

/** The system units that bring up the addresses this host's services bind (e.g. tailscaled.service). */
export function addressProviders(ctx: ModuleContext): string[] {
  const units = ctx.services.flatMap((s) => s.ports.flatMap((p) => (p.address?.providedBy ? [p.address.providedBy] : [])));
  return [...new Set(units)].sort(byCodeUnit);
}

/** Services binding an address a system unit provides, with those addresses (names sorted). */
export function servicesOnProvidedAddresses(ctx: ModuleContext): { service: Service; ips: string[] }[] {
  return ctx.services.flatMap((service) => {
    const ips = [...new Set(service.ports.flatMap((p) => (p.address?.providedBy ? [p.address.ip] : [])))].sort(byCodeUnit);
    return ips.length ? [{ service, ips }] : [];
  });
}

export const servicesOfStage = (ctx: ModuleContext, stage: Stage): Service[] => ctx.services.filter((s) => s.stage === stage.index);
