// The inventory's choices, evaluated: how services wait for an address a system unit provides
// (hosts.<host>.address_wait) and who starts the platform at boot (hosts.<host>.start). Each case
// is services.yaml with one setting changed, generated and evaluated like the committed module.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { generateText, repo } from "../helpers.js";
import { ensureNix, evalModule, INSTALL_TIMEOUT_MS, parseNix, stubPkgs, writeFiles, type ModuleOutput } from "./nix.js";

beforeAll(ensureNix, INSTALL_TIMEOUT_MS);

const config = { users: { users: { mcp: { uid: 850 } }, groups: { mcp: { gid: 850 } } } };

function moduleWith(settings: Record<string, string>): ModuleOutput {
  const doc = parseDocument(readFileSync(join(repo, "services.yaml"), "utf8"));
  for (const [key, value] of Object.entries(settings)) doc.setIn(["hosts", "rift", key], value);
  const result = generateText(doc.toString());
  expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  const module = join(writeFiles(result.files), "nixos.nix");
  expect(() => parseNix(module)).not.toThrow();
  return evalModule(module, config);
}

describe("address_wait", () => {
  it("nonlocal-bind: the sysctl, and the user manager is not ordered", () => {
    const m = moduleWith({ address_wait: "nonlocal-bind" });
    expect(m.boot.kernel.sysctl).toEqual({ "net.ipv4.ip_unprivileged_port_start": 53, "net.ipv4.ip_nonlocal_bind": 1 });
    expect(m.systemd.packages).toBeUndefined();
  });

  it("exec-start-pre: a drop-in per service that binds the Tailnet address, waiting for it", () => {
    const m = moduleWith({ address_wait: "exec-start-pre" });
    const dropIns = Object.keys(m.systemd.user.units).filter((u) => u.endsWith(".service"));
    expect(dropIns.sort()).toEqual(["kls.service", "mcns.service", "mcq.service"]);
    const mcns = m.systemd.user.units["mcns.service"];
    expect(mcns.overrideStrategy).toBe("asDropin");
    const pkgs = stubPkgs();
    expect(mcns.text).toBe(
      `[Service]\nExecStartPre=${pkgs.bash}/bin/bash -c 'until ${pkgs.iproute2}/bin/ip -o address show to 100.95.252.120 | ${pkgs.gnugrep}/bin/grep -q .; do ${pkgs.coreutils}/bin/sleep 1; done'\n`,
    );
    expect(m.systemd.packages).toBeUndefined();
    expect(m.boot.kernel.sysctl["net.ipv4.ip_nonlocal_bind"]).toBeUndefined();
  });

  it("none (with the door): nothing but the door waits", () => {
    const m = moduleWith({ address_wait: "none" });
    expect(m.systemd.packages).toBeUndefined();
    expect(m.systemd.units["mc-stage1-start.service"].text).toMatch(/^After=.* tailscaled\.service .*mcquad-addresses-mcp\.service/m);
  });
});

describe("start", () => {
  it("user-manager: the last user target joins default.target, the door is not started at boot", () => {
    const m = moduleWith({ start: "user-manager" });
    expect(m.systemd.user.units["mc-stage4.target"].wantedBy).toEqual(["default.target"]);
    expect(m.systemd.units["mc-stage4.target"].wantedBy).toBeUndefined();
    // Its containers wait for the system's network-online.target: the user manager pulls it in.
    expect(m.systemd.packages[0].text).toContain("\nWants=mcquad-addresses-mcp.service network-online.target\n");
  });
});
