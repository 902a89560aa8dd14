// The inventory's top sections an import fills from what the commands share: the platform user
// (which no command names), the registry prefix common to every image, and the host's named
// addresses and lowest published port.
import { type Finding, warning } from "../report/finding.js";
import type { YamlComment } from "./document.js";
import type { ImportOptions, ImportedService } from "./model.js";
import { isTailnet, nameAddresses } from "./ports.js";

/** One top-level key: its value, comments (paths below the key) and what the operator must know. */
export interface Part {
  readonly key: string;
  readonly value: unknown;
  readonly comments: readonly YamlComment[];
  readonly findings?: readonly Finding[];
}

export function platformPart(options: ImportOptions): Part {
  const user = options.userName ?? "change-me";
  const uid = options.uid ?? 1000;
  const given = options.userName !== undefined && options.uid !== undefined;
  const comment = given
    ? ["The rootless user every container runs as (given to mcquad import). gid and home are assumed: check them."]
    : ["NOT STATED BY THE SOURCE: the rootless user every container runs as. Placeholders below:", "replace them, or import again with --user-name NAME --uid N."];
  const findings = given ? [] : [warning([], "the source does not say which user runs the containers: platform has placeholders", "pass --user-name NAME --uid N, or edit platform in the output")];
  return { key: "platform", value: { user, uid, gid: uid, home: `/home/${user}` }, comments: [{ path: [], text: comment.join("\n") }], findings };
}

/**
 * The registry path every image starts with, when they all name a registry (an image without one
 * would get the prefix added) and no shortened name would then look like one.
 */
export function registryPrefix(images: readonly string[]): string | undefined {
  const paths = images.map((i) => i.split("/"));
  if (paths.length === 0 || !paths.every((p) => p.length > 1 && looksLikeRegistry(p[0] as string))) return undefined;
  const dirs = paths.map((p) => p.slice(0, -1));
  const first = dirs[0] as string[];
  let n = 0;
  while (n < first.length && dirs.every((d) => d[n] === first[n])) n++;
  const rests = paths.map((p) => p.slice(n));
  if (n === 0 || rests.some((r) => r.length > 1 && looksLikeRegistry(r[0] as string))) return undefined;
  return first.slice(0, n).join("/");
}

/** As podman reads an image reference: a first component with a dot or a port, or localhost. */
const looksLikeRegistry = (component: string): boolean => component.includes(".") || component.includes(":") || component === "localhost";

export function registryPart(prefix: string): Part {
  return {
    key: "registry",
    value: { prefix, served_by: [] },
    comments: [
      { path: [], text: "Every image in the source starts with this registry: the images below are written without it." },
      { path: ["served_by"], text: "Not stated by the source: the services that must be up before anything can pull from the\nregistry, when it runs on this host (until they are, units never pull)." },
    ],
  };
}

/** The host's addresses, named by what they are, and the privileged-port floor the bindings need. */
export function hostPart(services: readonly ImportedService[], host: string): { part: Part; names: ReadonlyMap<string, string> } {
  const ports = services.flatMap((s) => s.ports);
  const names = nameAddresses(ports.flatMap((p) => (p.ip === undefined ? [] : [p.ip])));
  const addresses = new Map([...names].map(([ip, name]) => [name, ip]));
  const lowest = ports.reduce((min, p) => Math.min(min, p.hostPort), 1024);
  const value = { addresses, ...(lowest < 1024 ? { unprivileged_port_start: lowest } : {}) };
  const comments: YamlComment[] = [{ path: [host, "addresses"], text: "Every IP the source publishes a port on, by name: the services' ports use the names." }];
  for (const [ip, name] of names) {
    if (!isTailnet(ip)) continue;
    const text = `In Tailscale's range: if tailscaled brings it up, write\n{ ip: ${ip}, provided_by: tailscaled.service } so that units wait for it.`;
    comments.push({ path: [host, "addresses", name], text });
  }
  if (lowest < 1024) {
    const text = `The source publishes port ${lowest}: rootless podman binds it only when the host's\nnet.ipv4.ip_unprivileged_port_start is at most ${lowest}. Set that sysctl on the host.`;
    comments.push({ path: [host, "unprivileged_port_start"], text });
  }
  return { part: { key: "hosts", value: new Map([[host, value]]), comments }, names };
}
