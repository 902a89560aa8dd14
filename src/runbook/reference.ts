// Sections 4 and 5 of the runbook: the verification checklist, and the service reference table
// in the seed runbook's shape (service, image, network, ports, volumes, config, stage, depends on).
import type { Service } from "../inventory/model.js";
import { stageTargetName } from "../units/naming.js";
import { publishSpec, volumeSpec } from "../units/container.js";
import { commented, forEachLines, tableRow } from "./markdown.js";
import { hostProbe } from "./fallback.js";
import type { RunbookContext } from "./view.js";

export function checklist(ctx: RunbookContext): string[] {
  const targets = ctx.inventory.stages.map(stageTargetName);
  const healthy = ctx.services.filter((s) => s.health).map((s) => s.containerName);
  const probes = ctx.services.flatMap((s) => {
    const probe = hostProbe(s);
    return probe.command ? [[`${probe.command} || echo "FAILING  ${s.name}"`] as const] : [];
  });
  return [
    ...commented([
      [`systemctl --user is-active ${targets.join(" ")}`, `"active", ${targets.length} times`],
      ["systemctl --user --failed", '"0 loaded units listed"'],
      ["podman ps --format '{{.Names}}  {{.Status}}'", `${ctx.services.length} containers, each "Up … (healthy)"`],
    ]),
    ...(healthy.length ? forEachLines("c", healthy, 'podman healthcheck run "$c" >/dev/null && echo "healthy  $c" || echo "FAILING  $c"') : []),
    ...(probes.length ? ["# from the host, through the published ports: no output when all answer", ...commented(probes)] : []),
  ];
}

export function checklistNotes(ctx: RunbookContext): string[] {
  return [
    "After a manual start, the stage targets and units stay inactive: the first two lines then say so, and the container checks are what counts.",
    ...ctx.inventory.stages.flatMap((st) => st.pending.map((p) => `${p.name} (stage ${st.index}) is pending: nothing here checks it.`)),
  ];
}

export function referenceRows(ctx: RunbookContext): string[] {
  const prefix = ctx.inventory.registry?.prefix;
  return [
    tableRow(["Service", "Image", "Network", "Ports", "Volumes", "Config", "Stage", "Depends on"]),
    tableRow(Array<string>(8).fill("---")),
    ...ctx.services.map((s) =>
      tableRow([
        s.name,
        prefix && s.image.startsWith(`${prefix}/`) ? s.image.slice(prefix.length + 1) : s.image,
        s.network,
        ports(s),
        s.volumes.map(volumeSpec).join(", ") || "—",
        configPath(s.args) ?? "—",
        String(s.stage),
        (ctx.graph.deps.get(s.name) ?? []).map((d) => (d.hard ? d.name : `${d.name} (soft)`)).join(", ") || "—",
      ]),
    ),
  ];
}

export function referenceNotes(ctx: RunbookContext): string[] {
  const prefix = ctx.inventory.registry?.prefix;
  return [
    ...(prefix ? [`Images without a registry in this table are under \`${prefix}/\`.`] : []),
    "Ports are host address:host port→container port (tcp unless marked); a host-network service listens on the host's ports directly. Every service of a stage also waits for the stage before it.",
  ];
}

function ports(s: Service): string {
  if (s.network === "host") return s.listens.map((l) => `${l.port}${l.protocol === "udp" ? "/udp" : ""}`).join(", ") || "—";
  return s.ports.map((p) => publishSpec(p).replace(/:(\d+)(\/udp)?$/, "→$1$2")).join(", ") || "—";
}

/** The configuration file named in the arguments, as services conventionally take it. */
export function configPath(args: readonly string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    const inline = /^--?config(?:-file)?=(.+)$/.exec(arg)?.[1];
    if (inline) return inline;
    if (/^(--?config(-file)?|-c|-f)$/.test(arg)) return args[i + 1];
  }
  return undefined;
}
