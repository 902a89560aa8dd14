// Names and ports at the edges of what the schema allows, through the real Quadlet 5.4.2: what
// comes out in the unit names, --name and --publish, and what is refused just past the edges.
import { describe, expect, it } from "vitest";
import { generateText } from "../helpers.js";
import { formatPath } from "../../src/report/finding.js";
import { splitSystemdWords } from "../../src/podman/systemd-words.js";
import { quadletDryRun, type GeneratedService } from "./quadlet.js";
import { readBack } from "./readback.js";
import { IMAGE, inventory } from "./value-cases.js";
import { type Json, toYaml } from "./yaml-text.js";

const longest = (first: string): string => first + "a-_.".repeat(32).slice(0, 127); // 128 characters
const serviceName = longest("s");
const containerName = longest("c");
const stageName = longest("t");

const addresses = { v4: "192.168.88.181", lo6: "::1", full6: "2001:db8:0:0:0:0:0:ff", mapped6: "::ffff:10.0.0.1" };

function edgeInventory(services: Record<string, Json>): string {
  const hosts = { box: { addresses, unprivileged_port_start: 0 } };
  return toYaml(inventory(services, { hosts, stages: [{ name: stageName, description: "Edges" }] })).text;
}

/** The values given to each `--publish` in ExecStart=, exactly as podman receives them. */
function published(service: GeneratedService): string[] {
  const argv = splitSystemdWords(service.values("ExecStart")[0] ?? "");
  return argv.flatMap((w, i) => (w === "--publish" ? [argv[i + 1] as string] : []));
}

const errorsOf = (text: string) => generateText(text).findings.filter((f) => f.severity === "error").map((f) => `${formatPath(f.path)}: ${f.message}`);

describe("names at the schema's limit of 128 characters", () => {
  const text = edgeInventory({ [serviceName]: { stage: 1, image: IMAGE, pull: "never", container_name: containerName } });
  const result = generateText(text);

  it("are accepted, and Quadlet names the unit and the container by them", () => {
    expect(errorsOf(text)).toEqual([]);
    expect([...result.files.keys()].filter((f) => /^[^/]+\.(container|target)$/.test(f))).toEqual([`${serviceName}.container`, `${stageName}.target`]);
    // systemd's limit for a unit name is 255 characters (UNIT_NAME_MAX 256 with the NUL).
    expect(`${serviceName}.service`.length).toBeLessThanOrEqual(255);
    const run = quadletDryRun(result.files);
    expect(run.status).toBe(0);
    const service = run.services.get(serviceName) as GeneratedService;
    expect(readBack(service).spec.name).toBe(containerName);
    expect(service.values("RequiredBy")).toEqual([`${stageName}.target`]);
  });

  it("one character more is refused, at the name", () => {
    const tooLong = (name: string) => `${name}x`;
    expect(errorsOf(edgeInventory({ [tooLong(serviceName)]: { stage: 1, image: IMAGE, pull: "never" } }))).toEqual([
      expect.stringMatching(new RegExp(`^services\\["${tooLong(serviceName)}"\\]: .*\\(at most 128\\)$`)),
    ]);
    expect(errorsOf(edgeInventory({ edge: { stage: 1, image: IMAGE, pull: "never", container_name: tooLong(containerName) } }))).toEqual([
      expect.stringMatching(/^services\.edge\.container_name: .*\(at most 128\)$/),
    ]);
  });
});

describe("ports at 1 and 65535, tcp and udp, on IPv4 and IPv6 addresses", () => {
  const ports = ["v4:1:65535", "v4:65535:1/udp", "lo6:1:1/udp", "full6:65535:65535", "mapped6:2:2/tcp", "3:3", "4:4/udp"];
  const text = edgeInventory({ edge: { stage: 1, image: IMAGE, pull: "never", ports } });

  it("reach --publish as podman-run(1) reads them, IPv6 addresses in brackets", () => {
    expect(errorsOf(text)).toEqual([]);
    const run = quadletDryRun(generateText(text).files);
    expect(run.status).toBe(0);
    expect(published(run.services.get("edge") as GeneratedService)).toEqual([
      "192.168.88.181:1:65535",
      "192.168.88.181:65535:1/udp",
      "[::1]:1:1/udp",
      "[2001:db8:0:0:0:0:0:ff]:65535:65535",
      "[::ffff:10.0.0.1]:2:2",
      "3:3",
      "4:4/udp",
    ]);
  });

  it.each([["v4:0:80"], ["v4:80:65536"], ["65536:1"], ["v4:1:0/udp"]])("%s is refused, located at the binding", (binding) => {
    expect(errorsOf(edgeInventory({ edge: { stage: 1, image: IMAGE, pull: "never", ports: [binding] } }))).toEqual([
      `services.edge.ports[0]: "${binding}": ports must be between 1 and 65535`,
    ]);
  });
});

describe("a stage description ending in a backslash", () => {
  // Every service of the stage without a description of its own gets `Description=... <stage
  // description>`: the trailing `\` would join the next line, Quadlet would read on into
  // [Container] and skip the unit ("no Image or Rootfs key specified"). Refused, located.
  it("is refused at the stage's description", () => {
    const text = toYaml(inventory({ app: { stage: 1, image: IMAGE, pull: "never" } }, { stages: [{ name: "s1", description: "Base \\" }] })).text;
    expect(errorsOf(text).some((e) => e.includes("stages[0].description"))).toBe(true);
  });
});
