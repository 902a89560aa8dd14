// `mcquad import` on the awkward cases: a shell script with quotes, `--opt=value`, an IPv6
// binding, options the inventory cannot hold, a command after `&&`; a Markdown runbook whose
// stages come from headings and a recovery order; and the pieces, table-driven.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import jsYaml from "js-yaml";
import { fixtures, generateText } from "./helpers.js";
import { importRunbook } from "../src/import/import.js";
import { nameAddresses, parsePublish } from "../src/import/ports.js";
import { registryPrefix } from "../src/import/sections.js";
import type { Finding } from "../src/report/finding.js";

const located = (findings: readonly Finding[]) => findings.map((f) => (f.position ? `${f.position.line}:${f.position.col}: ${f.message}` : f.message));
type Raw = { registry?: { prefix: string }; hosts: Record<string, { addresses: Record<string, string>; unprivileged_port_start?: number }>; stages: { name: string; description: string; pending?: { name: string }[] }[]; defaults?: { restart?: string }; services: Record<string, Record<string, unknown>> };

describe("a shell script with odd commands", () => {
  const result = importRunbook(readFileSync(join(fixtures, "import", "odd.sh"), "utf8"), { source: "odd.sh", host: "box" });
  const raw = jsYaml.load(result.text ?? "") as Raw;

  it("reports every option it cannot map, and everything it assumed, where it is written", () => {
    expect(located(result.findings)).toEqual([
      "the source does not say which user runs the containers: platform has placeholders",
      "5:1: busybox: the source states no stage for it: put in the last stage, 2",
      '5:17: the command gives no --name: the service is named "busybox" after its image',
      "9:3: option --restart on-failure:3: imported as on-failure; the retry limit 3 is not",
      "13:3: option --memory 512m: not imported",
      "17:28: option -it: not imported",
      "17:32: option --privileged: not imported",
      "18:39: option -p 127.0.0.1::9000: no host port: podman would pick a random one, which no unit can rely on",
      "19:26: option -v cache:/cache: a named or anonymous volume: the inventory mounts host paths only",
      "20:3: option --network mynet: the inventory knows podman's default network and host only",
      "21:3: option -e HOME: passes the caller's own value, which a unit does not have",
      '22:68: "--level=$LEVEL": the shell would expand it; imported as written',
    ]);
  });

  it("imports what it can map, in the inventory's terms", () => {
    expect(raw.registry?.prefix).toBe("registry.example.net");
    expect(raw.hosts["box"]).toEqual({ addresses: { loopback6: "::1", lan: "10.0.0.5" }, unprivileged_port_start: 443 });
    expect(raw.stages.map((s) => s.description)).toEqual(["the database", "the application"]);
    expect(raw.defaults).toBeUndefined();
    expect(raw.services["db"]).toEqual({
      stage: 1,
      image: "db:16.2",
      ports: ["loopback6:5432:5432"],
      volumes: ["/srv/db:/var/lib/db:Z"],
      environment: { POSTGRES_USER: "app", GREETING: "hello world" },
      restart: "on-failure",
    });
    expect(raw.services["web"]).toEqual({
      stage: 2,
      image: "apps/web:2.0",
      ports: ["8080:80", "lan:443:8443/tcp"],
      volumes: ["/srv/web:/data:ro"],
      args: ["serve", "--root", "/data/site root", "--level=$LEVEL"],
      restart: "no",
    });
    expect(raw.services["busybox"]).toEqual({ stage: 2, image: "tools/busybox:1.36", args: ["true"], restart: "no" });
  });

  it("keeps what it did not import as comments on the service", () => {
    expect(result.text).toContain("  # NOT IMPORTED: -it (line 17)\n  # NOT IMPORTED: --privileged (line 17)\n");
    expect(result.text).toContain("  # NOT IMPORTED: --network mynet (line 20): the inventory knows podman's default network and host only\n");
    expect(result.text).toContain("    stage: 2 # stage: not stated by the source; check it\n");
    expect(result.text).toMatch(/^# Imported by `mcquad import` from odd\.sh: /);
  });

  it("writes an inventory that validates and builds, quoting what YAML 1.1 would misread", () => {
    expect(generateText(result.text ?? "").findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.text).toContain('      - "true"\n    restart: "no" # no --restart\n');
  });
});

const markdown = `# Runbook

## Recovery Order

\`\`\`
Stage 1 (Base): dns
Stage 2 (Apps): MCR, sgard, exo → the apps
\`\`\`

## Manual commands

### Stage 1: DNS

\`\`\`bash
# the resolver
podman run -d --name dns --restart always -p 127.0.0.1:5353:53/udp example.net/dns:1.0
\`\`\`

### Stage 2: Apps

#### The registry

\`\`\`bash
podman run -d --name mcr-api --restart always example.net/mcr:1.0
podman run -d --name mcr-web --restart always example.net/mcr-web:1.0
podman run -d --name cache --restart always example.net/cache:1.0
\`\`\`

## Extras

\`\`\`bash
podman run -d --name sgardd --restart always example.net/sgardd:3.0
podman run -d --name extra --restart always example.net/extra:1.0
\`\`\`
`;

describe("a Markdown runbook's order", () => {
  const result = importRunbook(markdown, { source: "runbook.md", host: "h", userName: "ops", uid: 900 });
  const raw = jsYaml.load(result.text ?? "") as Raw;
  const stages = Object.fromEntries(Object.entries(raw.services).map(([name, s]) => [name, s["stage"]]));

  it("takes each stage from the recovery order, loosely matched, else from the heading above the command", () => {
    expect(stages).toEqual({ dns: 1, "mcr-api": 2, "mcr-web": 2, cache: 2, sgardd: 2, extra: 2 });
    expect(raw.stages).toEqual([
      { name: "stage1", description: "Base: DNS" },
      { name: "stage2", description: "Apps", pending: [{ name: "exo", reason: "the source names it in stage 2 but has no podman run command for it" }] },
    ]);
  });

  it("puts a service the document gives no stage in the last one, with a comment and a warning", () => {
    expect(result.text).toContain("  extra:\n    stage: 2 # stage: not stated by the source; check it\n");
    expect(located(result.findings)).toEqual(["33:1: extra: the source states no stage for it: put in the last stage, 2"]);
  });

  it("writes a restart policy every service shares once, under defaults", () => {
    expect(raw.defaults).toEqual({ restart: "always" });
    expect(raw.services["dns"]).toEqual({ stage: 1, image: "dns:1.0", ports: ["loopback:5353:53/udp"] });
  });
});

describe("the pieces", () => {
  it.each([
    ["127.0.0.1:8080:80", { ip: "127.0.0.1", hostPort: 8080, containerPort: 80 }],
    ["8080:80/udp", { hostPort: 8080, containerPort: 80, protocol: "udp" }],
    ["[::1]:8080:80/tcp", { ip: "::1", hostPort: 8080, containerPort: 80, protocol: "tcp" }],
    ["80", "no host port: podman would pick a random one, which no unit can rely on"],
    ["8000-8010:8000-8010", "a port range: the inventory binds single ports"],
    ["127.0.0.1:80:80/sctp", "the inventory publishes tcp and udp only, not sctp"],
    ["example.com:80:80", '"example.com" is not an IP address'],
    ["80:99999", '"99999" is not a port'],
  ])("-p %s", (value, expected) => {
    expect(parsePublish(value)).toEqual(expected);
  });

  it("names addresses by what they are, in the order they are first used", () => {
    const ips = ["192.168.1.2", "100.95.252.120", "127.0.0.1", "192.168.1.2", "10.1.1.1", "203.0.113.9", "::1", "2001:db8::1", "127.0.0.2"];
    expect(Object.fromEntries(nameAddresses(ips))).toEqual({
      "192.168.1.2": "lan",
      "100.95.252.120": "tailnet",
      "127.0.0.1": "loopback",
      "10.1.1.1": "lan2",
      "203.0.113.9": "addr1",
      "::1": "loopback6",
      "2001:db8::1": "addr2",
      "127.0.0.2": "loopback2",
    });
  });

  it.each([
    [["reg.io:8443/a:1", "reg.io:8443/b:2"], "reg.io:8443"],
    [["reg.io/team/a:1", "reg.io/team/b:2"], "reg.io/team"],
    [["reg.io/team/a:1", "reg.io/other/b:2"], "reg.io"],
    [["reg.io/a:1", "nginx:1.27"], undefined],
    [["reg.io/a:1", "other.io/b:1"], undefined],
    // Without the prefix, my.org/a would read as an image from the registry my.org.
    [["reg.io/my.org/a:1", "reg.io/b:1"], undefined],
  ])("registry prefix of %j", (images, expected) => {
    expect(registryPrefix(images)).toBe(expected);
  });
});
