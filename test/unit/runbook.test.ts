// The runbook's pieces: host-side probes, the manual podman run's shape, the reference table's
// config column, and one runbook per host.
import { describe, expect, it } from "vitest";
import { analyzeInventory, type Model } from "../../src/analyze.js";
import { formatShellLines, hostProbe, manualRunLines } from "../../src/runbook/fallback.js";
import { configPath } from "../../src/runbook/reference.js";
import { isGenerated } from "../../src/output/write.js";
import type { Service } from "../../src/inventory/model.js";
import { generateText } from "../helpers.js";

const inventory = (services: string, extra = "") => `version: 1
platform: { name: Demo, user: app, uid: 900, gid: 900, home: /srv/app }
registry: { prefix: reg.example:5000, served_by: [reg] }
hosts:
  a:
    addresses: { loopback: 127.0.0.1, lan: 10.0.0.5, v6: "fd00::5" }
${extra}stages:
  - { name: s1, description: One }
  - { name: s2, description: Two, pending: [{ name: later, reason: not written yet }] }
services:
${services}`;

function model(text: string): Model {
  const { model, findings } = analyzeInventory(text);
  expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  return model as Model;
}

const service = (m: Model, name: string) => m.graph.byName.get(name) as Service;

describe("host-side probes", () => {
  const m = model(
    inventory(`  reg: { stage: 1, image: "reg:1", pull: never, ports: ["lan:5000:5000", "loopback:15000:5000"], health: { http: { port: 5000, path: "/v2/?a=1&b=2" } } }
  v6: { stage: 1, image: "v6:1", pull: never, ports: ["v6:8443:443"], health: { https: { port: 443, path: /h } } }
  all: { stage: 2, image: "all:1", ports: ["9000:9000"], health: { tcp: { port: 9000 } } }
  hidden: { stage: 2, image: "h:1", ports: ["lan:8081:80"], health: { tcp: { port: 8080 } } }
  cmd: { stage: 2, image: "c:1", health: { command: "true;" } }
  hostnet: { stage: 2, image: "n:1", network: host, listens: [9100/tcp], health: { tcp: { port: 9100 } } }
  bare: { stage: 2, image: "b:1" }
`),
  );

  it.each([
    ["reg", { command: "curl -fsS -o /dev/null --max-time 5 'http://127.0.0.1:15000/v2/?a=1&b=2'", target: "127.0.0.1:15000" }],
    ["v6", { command: "curl -fsSk -o /dev/null --max-time 5 'https://[fd00::5]:8443/h'", target: "[fd00::5]:8443" }],
    ["all", { command: "nc -z -w 5 127.0.0.1 9000", target: "127.0.0.1:9000" }],
    ["hostnet", { command: "nc -z -w 5 127.0.0.1 9100", target: "127.0.0.1:9100" }],
    ["hidden", { why: "container port 8080 is not published on the host" }],
    ["cmd", { why: "its health check is a command inside the container" }],
    ["bare", { why: "it has no health check" }],
  ])("%s", (name, probe) => {
    expect(hostProbe(service(m, name))).toEqual(probe);
  });

  it("the runbook says why a service has no check from the host", () => {
    const runbook = generateText(inventory(`  reg: { stage: 1, image: "reg:1", pull: never, health: { command: "true;" } }\n`)).files.get("RUNBOOK.md") ?? "";
    expect(runbook).toContain("(no check from the host: its health check is a command inside the container)");
  });
});

describe("the manual podman run", () => {
  const m = model(
    inventory(`  reg: { stage: 1, image: "reg:1", pull: never }
  app:
    stage: 2
    image: "app:1"
    user: "1000:1000"
    environment: { ZED: "z z", ALPHA: "it's" }
    args: [--repo, /srv/a/repository, --authorized-keys, /srv/a/authorized_keys, --tls-cert, /srv/a/cert.pem, -v, --x=1]
`),
  );

  it("has one option per line, environment in Quadlet's order, arguments beside their options when long", () => {
    expect(formatShellLines(manualRunLines(service(m, "app"), m.inventory, m.graph))).toEqual([
      "podman run -d --name app --restart unless-stopped \\",
      "  --pull missing \\",
      "  --user 1000:1000 \\",
      "  -e 'ALPHA=it'\\''s' \\",
      "  -e 'ZED=z z' \\",
      "  reg.example:5000/app:1 \\",
      "  --repo /srv/a/repository \\",
      "  --authorized-keys /srv/a/authorized_keys \\",
      "  --tls-cert /srv/a/cert.pem \\",
      "  -v \\",
      "  --x=1",
    ]);
  });

  it("keeps short arguments on one line", () => {
    const lines = formatShellLines(manualRunLines(service(m, "reg"), m.inventory, m.graph));
    expect(lines).toEqual(["podman run -d --name reg --restart unless-stopped \\", "  --pull never \\", "  reg.example:5000/reg:1"]);
  });
});

describe("the reference table's config column", () => {
  it.each([
    [["server", "--config", "/srv/x.toml"], "/srv/x.toml"],
    [["--config=/srv/y.toml"], "/srv/y.toml"],
    [["-f", "/srv/kls.conf"], "/srv/kls.conf"],
    [["-config", "/a"], "/a"],
    [["--repo", "/srv/sgard"], undefined],
  ])("%j → %s", (args, path) => {
    expect(configPath(args)).toBe(path);
  });
});

describe("RUNBOOK.md in out/", () => {
  it("carries the generated marker the output writer recognises", () => {
    const runbook = generateText(inventory(`  reg: { stage: 1, image: "reg:1", pull: never }\n`)).files.get("RUNBOOK.md") ?? "";
    expect(runbook.split("\n")[0]).toBe("<!-- Generated by mcquad from services.yaml. Do not edit:");
    expect(isGenerated(runbook)).toBe(true);
    expect(isGenerated("<!-- notes -->\n")).toBe(false);
  });

  it("says how an upgrade happens and what apply does when an image is missing", () => {
    const runbook = generateText(inventory(`  reg: { stage: 1, image: "reg:1", pull: never, health: { tcp: { port: 1 } } }\n`)).files.get("RUNBOOK.md") ?? "";
    const section = runbook.slice(runbook.indexOf("## 10. Upgrading a service"));
    expect(section).toContain("```sh\ncp out/*.container /etc/containers/systemd/users/900/\ncp out/*.target /etc/systemd/user/\nout/system/mcquad-apply\n```");
    expect(section).toContain("A missing one is pulled, whatever the unit's `Pull=` says");
    expect(section).toContain("an image that cannot be had leaves the running container as it is");
    expect(section).toContain("`journalctl -u mcquad-apply-app`");
    expect(section).toContain("waits for the first's lock, `/run/user/900/mcquad-apply.lock`");
  });

  it("pre-stages only the images the boot cannot pull, and checks them in section 1 and after loading", () => {
    const runbook = generateText(inventory(`  reg: { stage: 1, image: "reg:1", health: { tcp: { port: 1 } } }\n  web: { stage: 2, image: "web:1", health: { tcp: { port: 2 } } }\n`)).files.get("RUNBOOK.md") ?? "";
    const check = 'for image in \\\n    reg.example:5000/reg:1; do\n  podman image exists "$image" || echo "missing  $image (Pull=never: the boot fails without it)"\ndone\n';
    const prerequisites = runbook.slice(runbook.indexOf("## 1. "), runbook.indexOf("## 2. "));
    expect(prerequisites).toContain(`\`\`\`sh\n${check}`);
    const coldStart = runbook.slice(runbook.indexOf("## 7. "), runbook.indexOf("## 8. "));
    expect(coldStart).toContain("```sh\n# where the images are (a backup, another host, a build machine):\npodman save --multi-image-archive -o demo-images.tar \\\n  reg.example:5000/reg:1\n```");
    expect(coldStart).toContain(`podman load -i demo-images.tar\n${check}`);
    expect(coldStart).toContain("- `reg.example:5000/web:1` (web)");
  });

  it("has no image check or save when the boot can pull every image", () => {
    const runbook = generateText(inventory(`  reg: { stage: 1, image: "reg:1", pull: missing, health: { tcp: { port: 1 } } }\n`)).files.get("RUNBOOK.md") ?? "";
    expect(runbook).not.toContain("podman image exists");
    expect(runbook).not.toContain("podman save");
  });

  it("lists the pending services and warnings visibly", () => {
    const runbook = generateText(inventory(`  reg: { stage: 1, image: "reg:1", pull: never, reached_via: [lan], health: { tcp: { port: 1 } } }\n`)).files.get("RUNBOOK.md") ?? "";
    expect(runbook).toContain("## Warnings\n\n- `services.reg.reached_via[0]`: reg is reached via lan, but publishes no port on that address");
    expect(runbook).toContain("- `stages[1].pending[0]`: later is named in stage 2 but has no definition");
    expect(runbook).toContain("- **later** is pending: not written yet.");
  });

  it("is one per host, each with that host's services and warnings only", () => {
    const text = inventory(
      `  reg: { stage: 1, host: a, image: "reg:1", pull: never, reached_via: [lan], health: { tcp: { port: 1 } } }
  web: { stage: 2, host: b, image: "web:1", health: { tcp: { port: 2 } } }
`,
      "  b:\n    addresses: { loopback: 127.0.0.1 }\n",
    );
    const files = generateText(text).files;
    const a = files.get("a/RUNBOOK.md") ?? "";
    const b = files.get("b/RUNBOOK.md") ?? "";
    expect(a).toContain("#### reg");
    expect(a).not.toContain("#### web");
    expect(a).toContain("services.reg.reached_via[0]");
    expect(b).toContain("#### web");
    expect(b).not.toContain("services.reg.reached_via[0]");
    expect(b).toContain("# Demo on b: boot and recovery runbook");
  });
});
