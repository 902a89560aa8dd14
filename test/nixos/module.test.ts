// The NixOS module, parsed and evaluated by Nix itself (nix-instantiate from Debian's nix-bin)
// as part of a NixOS configuration: nixpkgs' own module system (lib.evalModules, types,
// priorities, merging) with nixpkgs' declarations of the options it sets (test/nixos/nixos/).
// The committed out/ (the real inventory) and the small fixture, which has no privileged port and
// no address a system unit provides.
import { beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { fixtures, generateText, readTree, repo } from "../helpers.js";
import { ensureNix, evalError, evalModule, INSTALL_TIMEOUT_MS, parseNix, stubPkgs, writeFiles, type ModuleOutput } from "./nix.js";

beforeAll(ensureNix, INSTALL_TIMEOUT_MS);

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("the module in out/ (services.yaml)", () => {
  const dir = join(repo, "out");
  const module = join(dir, "nixos.nix");
  const files = readTree(dir);
  let m: ModuleOutput;
  beforeAll(() => {
    m = evalModule(module);
  });

  it("parses", () => {
    expect(() => parseNix(module)).not.toThrow();
  });

  it("installs exactly out/'s files, byte for byte: each .container for uid 850, each target as a user unit, out/system/ as system units", () => {
    // Scripts (system/mcquad-apply, system/mcquad-check) are run or put on the PATH, not in /etc.
    const fromOut = [...files.keys()].filter((f) => f !== "nixos.nix" && !f.endsWith(".md") && !(files.get(f) ?? "").startsWith("#!"));
    const where = (f: string) => (f.startsWith("system/") ? `systemd/system/${f.slice("system/".length)}` : f.endsWith(".container") ? `containers/systemd/users/850/${f}` : `systemd/user/${f}`);
    for (const f of fromOut) expect(m.etc[where(f)], f).toBe(files.get(f));
    expect(fromOut.filter((f) => /^[^/]+\.target$/.test(f))).toHaveLength(4);
    // Nothing else lands in /etc but links, NixOS's own drop-in for user@.service and what the
    // module renders from options (apply on switch).
    const installed = new Set(fromOut.map(where));
    const rest = Object.keys(m.etc).filter((p) => !installed.has(p) && !/\.(wants|requires|upholds)\//.test(p));
    expect(rest.sort()).toEqual(["systemd/system/mcquad-apply-mcp.service", "systemd/system/user@.service.d/overrides.conf"]);
  });

  it("puts mcquad-check on the system's PATH, with the text of system/mcquad-check", () => {
    // A package prints as its store path; its name is the command's (pkgs.writeShellScriptBin).
    expect(m.environment.systemPackages).toEqual(["/nix/store/00000000000000000000000000000000-mcquad-check"]);
  });

  it("declares the platform user: uid pinned, linger on, home, subordinate ranges", () => {
    const user = m.users.users.mcp;
    expect(user).toMatchObject({ uid: 850, group: "mcp", isSystemUser: true, isNormalUser: false, home: "/srv/mcp", createHome: true, linger: true, autoSubUidGidRange: false });
    expect(m.users.groups.mcp.gid).toBe(850);
    expect(user.subUidRanges).toEqual([{ startUid: 100000, count: 65536 }]);
    expect(user.subGidRanges).toEqual([{ startGid: 100000, count: 65536 }]);
  });

  const uidMessage = (uid: number) => `users.users.mcp.uid is ${uid}, but services.yaml pins it to 850 (platform.uid)`;

  it("stops the build with the reason when another module gives the user another uid, at normal priority", () => {
    const error = evalError(module, { modules: ["{ users.users.mcp.uid = 995; }"] });
    expect(error).toContain("Failed assertions:");
    expect(error).toContain(uidMessage(995));
    expect(error).toContain("loses every container definition");
    expect(error).not.toContain("users.groups.mcp.gid is");
  });

  it("stops it too when the other definition is only a mkDefault (no generic conflict error)", () => {
    const error = evalError(module, { modules: ["{ lib, ... }: { users.users.mcp.uid = lib.mkDefault 995; }"] });
    expect(error).toContain(uidMessage(995));
    expect(error).not.toContain("conflicting definition values");
  });

  it("stops it when the group gets another gid, naming the gid", () => {
    const error = evalError(module, { modules: ["{ lib, ... }: { users.groups.mcp.gid = lib.mkDefault 995; }"] });
    expect(error).toContain("users.groups.mcp.gid is 995, but services.yaml pins it to 850 (platform.gid)");
    expect(error).not.toContain("users.users.mcp.uid is");
  });

  it("accepts another module that agrees on the ids", () => {
    expect(evalModule(module, { modules: ["{ users.users.mcp.uid = 850; users.groups.mcp.gid = 850; }"] }).users.users.mcp.uid).toBe(850);
  });

  it("is checked against NixOS's declarations: a misspelled option or a wrong type fails evaluation", () => {
    expect(evalError(module, { modules: ["{ users.users.mcp.lingr = true; }"] })).toContain("The option `users.users.mcp.lingr' does not exist");
    expect(evalError(module, { modules: ['{ users.users.mcp.linger = "yes"; }'] })).toContain("`users.users.mcp.linger' is not of type `null or boolean'");
    expect(evalError(module, { modules: ['{ systemd.services.mc-stage1-start.serviceConfig.Type = "one-shot"; }'] })).toContain(
      "`systemd.services.mc-stage1-start.serviceConfig' is not of type `attribute set of (systemd option)'",
    );
  });

  describe("subordinate ids", () => {
    const subIdError = (modules: string[]) => evalError(module, { modules });

    it("fails, naming the clash, when a normal user gets NixOS's first automatic range, the inventory's 100000+65536", () => {
      const error = subIdError(["{ users.users.alice.isNormalUser = true; }"]);
      expect(error).toContain("users.users.mcp.subUidRanges 100000-165535 (platform.subuid in services.yaml) overlaps the subordinate uids NixOS gives other users: 100000-165535 (automatic, for one of alice)");
      expect(error).toContain("users.users.mcp.subGidRanges 100000-165535");
      expect(error).toContain("migrated first");
    });

    it("fails on a declared range of another user that overlaps, naming that user", () => {
      const error = subIdError(["{ users.users.bob = { isSystemUser = true; group = \"nogroup\"; subUidRanges = [ { startUid = 165535; count = 10; } ]; }; }"]);
      expect(error).toContain("165535-165544 (bob)");
      expect(error).not.toContain("subGidRanges 100000");
    });

    it("passes when the other users' ranges are declared elsewhere, or the user has none", () => {
      const declared = "{ users.users.alice = { isNormalUser = true; subUidRanges = [ { startUid = 165536; count = 65536; } ]; subGidRanges = [ { startGid = 165536; count = 65536; } ]; }; }";
      expect(evalModule(module, { modules: [declared] }).users.users.alice.autoSubUidGidRange).toBe(false);
      expect(subIdError(["{ users.users.alice.isNormalUser = true; users.users.alice.autoSubUidGidRange = false; }"])).toBeUndefined();
    });

    it("counts one automatic block of 65536 per normal user, from 100000 on", () => {
      // The inventory's ranges moved to 231072, just above two automatic blocks.
      const doc = parseDocument(readFileSync(join(repo, "services.yaml"), "utf8"));
      for (const key of ["subuid", "subgid"]) doc.setIn(["platform", key, "start"], 231072);
      const moved = join(writeFiles(generateText(doc.toString()).files), "nixos.nix");
      const normal = (names: string[]) => [`{ ${names.map((n) => `users.users.${n}.isNormalUser = true;`).join(" ")} }`];
      expect(evalError(moved, { modules: normal(["alice", "carol"]) })).toBeUndefined();
      expect(evalError(moved, { modules: normal(["alice", "carol", "dave"]) })).toContain("231072-296607 (automatic, for one of alice, carol, dave)");
    });
  });

  it("orders the user manager in a drop-in of its own name, beside NixOS's drop-in for the template", () => {
    const hostSide = evalModule(module, { modules: ['{ systemd.services."user@".serviceConfig.Delegate = "cpu io memory pids"; }'] });
    const dropIns = Object.keys(hostSide.etc).filter((p) => p.startsWith("systemd/system/user@"));
    // NixOS's own (restartIfChanged = false, and the host's settings), and the platform's.
    expect(dropIns.sort()).toEqual(["systemd/system/user@.service.d/overrides.conf", "systemd/system/user@850.service.d/mcquad-mcp.conf"]);
    expect(hostSide.systemd.services["user@"].serviceConfig).toEqual({ Delegate: "cpu io memory pids" });
    expect(hostSide.etc["systemd/system/user@850.service.d/mcquad-mcp.conf"]).toBe(files.get("system/user@850.service.d/mcquad-mcp.conf"));
  });

  it("the trap it avoids: a systemd.services drop-in for the instance is named overrides.conf, the template's name", () => {
    const trap = evalModule(module, { modules: ['{ systemd.services."user@850" = { overrideStrategy = "asDropin"; after = [ "tailscaled.service" ]; }; }'] });
    expect(Object.keys(trap.etc)).toContain("systemd/system/user@850.service.d/overrides.conf");
  });

  it("lowers ip_unprivileged_port_start to the lowest privileged port (mcns's 53), nothing else", () => {
    expect(m.boot.kernel.sysctl).toEqual({ "net.ipv4.ip_unprivileged_port_start": 53 });
  });

  it("puts systemd-run on podman's PATH for health checks only where NixOS's podman module does not (before 25.05)", () => {
    // nixpkgs lib 26.11: the module adds systemd itself, and any extraPackages would rebuild podman.
    expect(m.virtualisation.podman).toEqual({ enable: true, extraPackages: [] });
    for (const release of ["24.05", "24.11"]) expect(evalModule(module, { release }).virtualisation.podman.extraPackages).toEqual([stubPkgs().systemd]);
    expect(evalModule(module, { release: "25.05" }).virtualisation.podman.extraPackages).toEqual([]);
  });

  it("starts the platform at boot through the door only (start: door)", () => {
    expect(m.systemd.units["mc-stage4.target"].wantedBy).toEqual(["multi-user.target"]);
    for (const stage of ["mc-stage1", "mc-stage2", "mc-stage3"]) expect(m.systemd.units[`${stage}.target`].wantedBy).toEqual([]);
    for (const f of ["mc-stage1.target", "mc-stage4.target"]) expect(m.systemd.user.units[f].wantedBy).toEqual([]);
    expect(Object.keys(m.etc).filter((p) => p.includes("multi-user.target.wants/mc-stage")).sort()).toEqual(["systemd/system/multi-user.target.wants/mc-stage4.target"]);
  });

  it("runs the apply script beside it on switch, as mcp, with its state per boot", () => {
    const apply = m.systemd.services["mcquad-apply-mcp"];
    // The very text of out/system/mcquad-apply, which carries the hash of every unit text: the
    // unit changes, and the switch restarts it, exactly when a unit does.
    expect(apply.script).toBe(files.get("system/mcquad-apply"));
    expect(apply.script).toContain(`mcns.service 1 mc-stage1.target mcr.svc.mcp.metacircular.net:8443/mcns:v1.2.0 ${sha256(files.get("mcns.container") ?? "")}`);
    expect(apply).toMatchObject({ stopIfChanged: false, wantedBy: ["multi-user.target"], after: ["user@850.service"], path: [stubPkgs().podman, stubPkgs()["util-linux"]] });
    expect(apply.serviceConfig).toMatchObject({
      User: "mcp",
      RemainAfterExit: true,
      RuntimeDirectory: "mcquad-apply-mcp",
      RuntimeDirectoryPreserve: "yes",
      Environment: ["XDG_RUNTIME_DIR=/run/user/850", "MCQUAD_APPLY_STATE=/run/mcquad-apply-mcp"],
    });
    expect(m.systemd.services["mcquad-restart-mcp"]).toBeUndefined();
  });
});

describe("the small fixture's module (no privileged port, no provided address)", () => {
  const module = join(fixtures, "small", "expected", "nixos.nix");
  let m: ModuleOutput;
  beforeAll(() => {
    m = evalModule(module);
  });

  it("parses and evaluates with every assertion holding (a failed one throws)", () => {
    expect(() => parseNix(module)).not.toThrow();
    expect(m.users.users.app).toMatchObject({ uid: 900, linger: true });
  });

  it("sets no sysctl and leaves the user manager alone", () => {
    expect(m.boot.kernel.sysctl).toEqual({});
    expect(Object.keys(m.etc).filter((p) => p.includes("user@900"))).toEqual([]);
  });

  it("has doors that wait for the network only", () => {
    expect(m.systemd.units["demo-stage1-start.service"].text).toContain("\nWants=user@900.service mcquad-ids-app.service network-online.target\n");
    expect(m.systemd.units["demo-stage2-stop.service"].text).toContain("\nAfter=demo-stage2.target user@900.service\n");
  });
});
