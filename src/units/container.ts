// A service → its Quadlet .container unit (podman-systemd.unit(5)). The [Container] section
// reproduces the runbook's `podman run` (name, image, network, user, ports, volumes, args);
// ordering, health gating, restart and pull policy are what mcquad adds on top.
import type { Inventory, PortBinding, Service, Stage, VolumeMount } from "../inventory/model.js";
import { podmanStartPeriodSec } from "../inventory/health.js";
import { formatDuration } from "../inventory/duration.js";
import type { ServiceGraph } from "../graph/graph.js";
import { effectivePull, effectiveStartTimeout } from "../graph/policy.js";
import { healthCommand } from "./health-cmd.js";
import { type Entry, type ContainerKey, type ServiceKey, type UnitFile, type UnitKey, entry, entries, nonEmpty } from "./model.js";
import { quoteHealthCmd, quoteRaw, quoteText, quoteWord, quoteWords } from "./quote.js";
import { containerFileName, serviceUnitName, stageTargetName } from "./naming.js";
import { generatedHeader } from "./header.js";
import { stageGate, stageKick } from "./stage-gate.js";
import { healthWait } from "./health-wait.js";

export interface UnitContext {
  readonly inventory: Inventory;
  readonly graph: ServiceGraph;
  readonly source: string;
}

export function buildContainerUnit(service: Service, ctx: UnitContext): UnitFile {
  const stage = ctx.inventory.stages[service.stage - 1] as Stage;
  return {
    fileName: containerFileName(service),
    header: generatedHeader(ctx.source, `services.${service.name}`),
    sections: nonEmpty([
      { name: "Unit", entries: unitEntries(service, stage, ctx) },
      { name: "Container", entries: [...identityEntries(service, ctx), ...healthEntries(service)] },
      { name: "Service", entries: serviceEntries(service, stage, ctx) },
      { name: "Install", entries: entry("RequiredBy", stageTargetName(stage)) },
    ]),
  };
}

/**
 * Stage N is ordered after stage N-1's target, which is active only once all its services are
 * healthy, but only Wants= it: Requires= on a target that requires its services made a restart of
 * any stage-1 service restart every later one (systemd.unit(5): a required unit's restart
 * propagates; REFERENCE §2). What Requires= did at boot the gate in ExecStartPre= does instead.
 * A service's own hard dependencies stay Requires=: restarting one restarts the services naming
 * it in `requires:`.
 */
function unitEntries(service: Service, stage: Stage, ctx: UnitContext): Entry<UnitKey>[] {
  const previous = ctx.inventory.stages[stage.index - 2];
  const deps = ctx.graph.deps.get(service.name) ?? [];
  const stageTarget = previous ? [stageTargetName(previous)] : [];
  const hard = deps.filter((d) => d.hard).map((d) => serviceUnitName(d.name));
  const soft = [...stageTarget, ...deps.filter((d) => !d.hard).map((d) => serviceUnitName(d.name))];
  const all = [...stageTarget, ...deps.map((d) => serviceUnitName(d.name))];
  const description = service.description ?? `${ctx.inventory.platform.name} ${service.name}, stage ${stage.index}: ${stage.description}`;
  return [
    ...entry("Description", quoteText(description)),
    ...entry("Requires", hard.length ? hard.join(" ") : undefined),
    ...entry("Wants", soft.length ? soft.join(" ") : undefined),
    ...entry("After", all.length ? all.join(" ") : undefined),
  ];
}

function identityEntries(service: Service, ctx: UnitContext): Entry<ContainerKey>[] {
  return [
    ...entry("ContainerName", quoteRaw(service.containerName)),
    ...entry("Image", quoteRaw(service.image)),
    ...entry("Pull", effectivePull(ctx.inventory, ctx.graph, service)),
    ...entry("Network", service.network === "host" ? "host" : undefined),
    ...entry("User", service.user === undefined ? undefined : quoteRaw(service.user)),
    ...entry("Group", service.group === undefined ? undefined : quoteRaw(service.group)),
    ...entries("PublishPort", service.ports.map(publishPort)),
    ...entries("Volume", service.volumes.map(volume)),
    ...entries("Environment", service.environment.map(([k, v]) => quoteWord(`${k}=${v}`))),
    ...entry("Exec", service.args.length ? quoteWords(service.args) : undefined),
  ];
}

/** podman-run(1) --publish: [ip:]hostPort:containerPort[/protocol]; IPv6 addresses in brackets. */
export function publishSpec(p: PortBinding): string {
  const ip = p.address ? (p.address.ip.includes(":") ? `[${p.address.ip}]:` : `${p.address.ip}:`) : "";
  return `${ip}${p.hostPort}:${p.containerPort}${p.protocol === "udp" ? "/udp" : ""}`;
}

/** podman-run(1) --volume: source:target[:options]. */
export const volumeSpec = (v: VolumeMount): string => `${v.source}:${v.target}${v.options ? `:${v.options}` : ""}`;

export const publishPort = (p: PortBinding): string => quoteRaw(publishSpec(p));
const volume = (v: VolumeMount): string => quoteRaw(volumeSpec(v));

/**
 * podman's health check (podman-systemd.unit(5), Health*=), for the steady state and for the
 * unit's own wait (health-wait.ts). HealthStartPeriod= spans the wait's whole budget: no failure
 * of podman's own checks or of the wait's probes counts while the wait still gives the container
 * time, so only the wait ends a start, at its deadline; after it, HealthOnFailure= acts on
 * `retries` failed checks as the inventory says. Not Notify=healthy, nor podman's startup check:
 * the wait replaces both.
 */
function healthEntries(service: Service): Entry<ContainerKey>[] {
  const h = service.health;
  if (!h) return [];
  return [
    ...entry("HealthCmd", quoteHealthCmd(healthCommand(h.probe))),
    ...entry("HealthInterval", formatDuration(h.intervalSec)),
    ...entry("HealthTimeout", formatDuration(h.timeoutSec)),
    ...entry("HealthRetries", h.retries),
    ...entry("HealthStartPeriod", formatDuration(podmanStartPeriodSec(h, service.notifyHealthy))),
    ...entry("HealthOnFailure", h.onFailure),
  ];
}

/**
 * Quadlet adds no Restart= of its own; podman's --restart must not be combined with systemd's.
 * The stage gate and the stage kick (stage-gate.ts) keep one service's restart or crash to itself
 * (an automatic restart is a restart job, which propagates like a manual one, REFERENCE §2: here
 * only to the stage targets), while a stage that comes up late still brings the later ones up.
 * Not RestartMode=direct (systemd 254): with it a unit that keeps failing never fails its start
 * job, so a boot with a never-healthy service would hang instead of failing (checked in the e2e).
 */
function serviceEntries(service: Service, stage: Stage, ctx: UnitContext): Entry<ServiceKey>[] {
  const timeout = effectiveStartTimeout(ctx.inventory, ctx.graph, service);
  const previous = ctx.inventory.stages[stage.index - 2];
  return [
    ...entry("ExecStartPre", previous ? stageGate(service, previous, ctx.inventory) : undefined),
    ...entries("ExecStartPost", [...(service.health && service.notifyHealthy ? [healthWait(service, service.health)] : []), stageKick(stage)]),
    ...entry("Restart", service.restart),
    ...entry("RestartSec", service.restart === "no" ? undefined : `${service.restartDelaySec}s`),
    ...entry("TimeoutStartSec", timeout === undefined ? undefined : `${timeout}s`),
  ];
}
