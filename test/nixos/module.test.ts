// The NixOS module, parsed and evaluated by Nix itself (nix-instantiate from Debian's nix-bin),
// applied to stubbed module arguments: the committed out/ (the real inventory) and the small
// fixture, which has no privileged port and no address a system unit provides.
import { beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fixtures, readTree, repo } from "../helpers.js";
import { ensureNix, evalModule, INSTALL_TIMEOUT_MS, parseNix, stubPkgs, type ModuleOutput } from "./nix.js";

beforeAll(ensureNix, INSTALL_TIMEOUT_MS);

const pinned = (user: string, uid: number, gid: number) => ({ users: { users: { [user]: { uid } }, groups: { [user]: { gid } } } });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("the module in out/ (services.yaml)", () => {
  const dir = join(repo, "out");
  const module = join(dir, "nixos.nix");
  const files = readTree(dir);
  let m: ModuleOutput;
  beforeAll(() => {
    m = evalModule(module, pinned("mcp", 850, 850));
  });

  it("parses", () => {
    expect(() => parseNix(module)).not.toThrow();
  });

  it("installs every .container for uid 850 and every target as a user unit, with the text in out/", () => {
    const etc = m.environment.etc;
    const containers = [...files.keys()].filter((f) => f.endsWith(".container"));
    const targets = [...files.keys()].filter((f) => /^[^/]+\.target$/.test(f));
    expect(Object.keys(etc).sort()).toEqual(containers.map((f) => `containers/systemd/users/850/${f}`).sort());
    for (const f of containers) expect(etc[`containers/systemd/users/850/${f}`].text).toBe(files.get(f));
    for (const f of targets) expect(m.systemd.user.units[f].text).toBe(files.get(f));
    expect(targets).toHaveLength(4);
  });

  it("declares the platform user: uid pinned, linger on, home, subordinate ranges", () => {
    const user = m.users.users.mcp;
    expect(user.uid).toEqual({ _type: "override", priority: 1000, content: 850 });
    expect(m.users.groups.mcp.gid).toEqual({ _type: "override", priority: 1000, content: 850 });
    expect(user).toMatchObject({ group: "mcp", isSystemUser: true, home: "/srv/mcp", createHome: true, linger: true });
    expect(user.subUidRanges).toEqual([{ startUid: 100000, count: 65536 }]);
    expect(user.subGidRanges).toEqual([{ startGid: 100000, count: 65536 }]);
    expect(m.assertions.map((a: { assertion: boolean }) => a.assertion)).toEqual([true, true]);
  });

  it("fails the build, with the reason, when another definition gives the user a different uid", () => {
    const other = evalModule(module, pinned("mcp", 995, 850));
    const failed = other.assertions.filter((a: { assertion: boolean }) => !a.assertion);
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toContain("users.users.mcp.uid is 995, but services.yaml pins it to 850");
    expect(failed[0].message).toContain("loses every container definition");
  });

  it("lowers ip_unprivileged_port_start to the lowest privileged port (mcns's 53), nothing else", () => {
    expect(m.boot.kernel.sysctl).toEqual({ "net.ipv4.ip_unprivileged_port_start": 53 });
  });

  it("orders the user manager after the address wait, as a drop-in of its own name (address_wait: order-user-manager)", () => {
    expect(m.systemd.services?.["user@850"]).toBeUndefined();
    expect(m.systemd.packages.map((p: { writeTextDir: string }) => p.writeTextDir)).toEqual(["etc/systemd/system/user@850.service.d/mcquad-mcp.conf"]);
  });

  it("puts systemd-run on podman's PATH for health checks", () => {
    expect(m.virtualisation.podman).toEqual({ enable: true, extraPackages: [stubPkgs().systemd] });
  });

  it("starts the platform at boot through the door only (start: door)", () => {
    expect(m.systemd.units["mc-stage4.target"].wantedBy).toEqual(["multi-user.target"]);
    for (const stage of ["mc-stage1", "mc-stage2", "mc-stage3"]) expect(m.systemd.units[`${stage}.target`].wantedBy).toBeUndefined();
    for (const f of ["mc-stage1.target", "mc-stage4.target"]) expect(m.systemd.user.units[f].wantedBy).toBeUndefined();
  });

  it("runs the apply script beside it on switch, as mcp, with its state per boot", () => {
    const apply = m.systemd.services["mcquad-apply-mcp"];
    // The very text of out/system/mcquad-apply, which carries the hash of every unit text: the
    // unit changes, and the switch restarts it, exactly when a unit does.
    expect(apply.script).toBe(files.get("system/mcquad-apply"));
    expect(apply.script).toContain(`mcns.service 1 mc-stage1.target mcr.svc.mcp.metacircular.net:8443/mcns:v1.2.0 ${sha256(files.get("mcns.container") ?? "")}`);
    expect(apply).toMatchObject({ stopIfChanged: false, wantedBy: ["multi-user.target"], after: ["user@850.service"], path: [stubPkgs().podman] });
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
    m = evalModule(module, pinned("app", 900, 900));
  });

  it("parses and evaluates with every assertion holding", () => {
    expect(() => parseNix(module)).not.toThrow();
    expect(m.assertions.every((a: { assertion: boolean }) => a.assertion)).toBe(true);
    expect(m.users.users.app.linger).toBe(true);
  });

  it("sets no sysctl and leaves the user manager alone", () => {
    expect(m.boot).toBeUndefined();
    expect(m.systemd.packages).toBeUndefined();
  });

  it("has doors that wait for the network only", () => {
    expect(m.systemd.units["demo-stage1-start.service"].text).toContain("\nWants=user@900.service mcquad-ids-app.service network-online.target\n");
    expect(m.systemd.units["demo-stage2-stop.service"].text).toContain("\nAfter=demo-stage2.target user@900.service\n");
  });
});
