// What every document of one host reads (the door, the NixOS module, the runbook): its services
// in boot order, its unit files, and the names they share (the user manager, the door's units),
// defined once here.
import type { Host, Inventory, Service, Stage } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import type { Plan } from "../plan/plan.js";
import type { Model } from "../analyze.js";
import { byCodeUnit } from "../report/finding.js";

export interface HostContext {
  readonly host: Host;
  readonly inventory: Inventory;
  readonly graph: ServiceGraph;
  readonly plan: Plan;
  /** This host's services, stage by stage and wave by wave (the boot order). */
  readonly services: readonly Service[];
  /** The unit files generated for this host's units (containers and user targets), sorted. */
  readonly files: readonly string[];
  /** How the inventory is named in comments, e.g. `services.yaml`. */
  readonly source: string;
}

/** One context per host, model and source name, shared by the documents that ask for it. */
const contexts = new WeakMap<Model, Map<string, HostContext>>();

export function hostContext(host: Host, model: Model, source: string): HostContext {
  const known = contexts.get(model) ?? new Map<string, HostContext>();
  contexts.set(model, known);
  // A host's name cannot hold a newline (src/inventory/load.ts refuses control characters).
  const key = `${host.name}\n${source}`;
  const found = known.get(key);
  if (found?.host === host) return found;
  const built = model.units.find((u) => u.host.name === host.name)?.units ?? [];
  const ctx: HostContext = {
    host,
    inventory: model.inventory,
    graph: model.graph,
    plan: model.plan,
    services: model.graph.order.filter((s) => s.host === host.name),
    files: built.map((u) => u.unit.fileName).sort(byCodeUnit),
    source,
  };
  known.set(key, ctx);
  return ctx;
}

/** The platform user's manager (user@.service(5)): it runs every container. */
export const userManager = (ctx: HostContext): string => `user@${ctx.inventory.platform.uid}.service`;

/** pam_systemd(8): XDG_RUNTIME_DIR of a user, where `systemctl --user` finds its manager. */
export const runtimeDir = (ctx: HostContext): string => `/run/user/${ctx.inventory.platform.uid}`;

/** The door's units in the system manager (src/door/). */
export const doorTarget = (stage: Stage): string => `${stage.name}.target`;
export const doorStart = (stage: Stage): string => `${stage.name}-start.service`;
export const doorStop = (stage: Stage): string => `${stage.name}-stop.service`;

/**
 * A value derived from a host's context, computed once per context: the door asks for the
 * address providers at every stage and the NixOS module again, and each question walked every
 * service (on 10,000 services, about 0.4 s of a check: bench/).
 */
export function perContext<T>(derive: (ctx: HostContext) => T): (ctx: HostContext) => T {
  const known = new WeakMap<HostContext, T>();
  return (ctx) => {
    if (!known.has(ctx)) known.set(ctx, derive(ctx));
    return known.get(ctx) as T;
  };
}

/** The system units that bring up the addresses this host's services bind (e.g. tailscaled.service). */
export const addressProviders = perContext((ctx): readonly string[] => {
  const units = ctx.services.flatMap((s) => s.ports.flatMap((p) => (p.address?.providedBy ? [p.address.providedBy] : [])));
  return [...new Set(units)].sort(byCodeUnit);
});

/** Services binding an address a system unit provides, with those addresses (names sorted). */
export const servicesOnProvidedAddresses = perContext((ctx): readonly { readonly service: Service; readonly ips: readonly string[] }[] =>
  ctx.services.flatMap((service) => {
    const ips = [...new Set(service.ports.flatMap((p) => (p.address?.providedBy ? [p.address.ip] : [])))].sort(byCodeUnit);
    return ips.length ? [{ service, ips }] : [];
  }),
);

export const servicesOfStage = (ctx: HostContext, stage: Stage): Service[] => ctx.services.filter((s) => s.stage === stage.index);
