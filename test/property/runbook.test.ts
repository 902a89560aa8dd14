// Property: for any inventory of whole random services that validation accepts (hostile strings
// in arguments, environment, paths and descriptions included), every manual fallback in the
// generated RUNBOOK.md, read back as sh would read it, starts exactly the declared container.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PROPERTY_TIMEOUT_MS, propertyOptions } from "./runs.js";
import { generateText } from "../helpers.js";
import { findRunCommands } from "../../src/podman/find-commands.js";
import { parseRunCommand } from "../../src/podman/run-command.js";
import { randomInventory } from "./services.js";
import { toYaml } from "./yaml-text.js";


describe("whole random services", () => {
  it("are started by the runbook's podman run exactly as declared", () => {
    fc.assert(
      fc.property(randomInventory, ({ json, expected }) => {
        const result = generateText(toYaml(json).text);
        expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
        const commands = findRunCommands(result.files.get("RUNBOOK.md") ?? "");
        expect(commands.filter((c) => c.words.some((w) => w.expands)).map((c) => c.line)).toEqual([]);
        const started = commands.map((c) => parseRunCommand(c.words.map((w) => w.text)));
        expect(started.map((s) => s.name).sort()).toEqual([...expected.values()].map((e) => e.name).sort());
        for (const want of expected.values()) {
          const s = started.find((x) => x.name === want.name);
          const healthCmd = s?.other.filter((o) => o.startsWith("--health-cmd=")).map((o) => o.slice("--health-cmd=".length));
          const got = { name: s?.name, image: s?.image, network: s?.network, user: s?.user, ports: s?.ports, volumes: s?.volumes, env: [...(s?.env ?? [])].sort(), args: s?.args, healthCmd, restart: s?.restart };
          // How systemd starts the unit (dependencies, pull, timeouts) is no part of a manual podman run.
          const { unit: _systemd, ...container } = want;
          expect(got).toEqual({ ...container, restart: "unless-stopped" });
        }
      }),
      propertyOptions("runbook"),
    );
  }, PROPERTY_TIMEOUT_MS);
});
