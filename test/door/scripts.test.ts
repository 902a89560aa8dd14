// The door's scripts by themselves: systemd's quoting of them (host-shell.ts), and the address
// wait reading the kernel's own tables of this machine, where 127.0.0.1 is a local address and
// 127.0.0.77 is not (loopback carries 127.0.0.1/8, but the wait asks for the address itself).
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { addressWait, ipv6Hex } from "../../src/door/scripts.js";
import { hostShell, HOST_PATH } from "../../src/units/host-shell.js";

/** What sh receives from `/bin/sh -c '…'` once systemd has undone `$$` and `%%`. */
const unquote = (line: string): string => line.replace(/^\/bin\/sh -c '(.*)'$/, "$1").replace(/\$\$/g, "$").replace(/%%/g, "%");

describe("hostShell", () => {
  it("doubles $ and % for systemd and sets the PATH of NixOS and FHS hosts", () => {
    expect(hostShell('echo "$HOME" 100%')).toBe(`/bin/sh -c 'PATH=${HOST_PATH}; echo "$$HOME" 100%%'`);
  });

  it("refuses what systemd's single quotes cannot carry", () => {
    for (const bad of ["it's", "a\\b", "a\nb"]) expect(() => hostShell(bad)).toThrow(/cannot be quoted/);
  });
});

describe("the address wait", () => {
  const run = (ips: string[]) => {
    // Two tries instead of 90: only the decision is under test here.
    const script = unquote(hostShell(addressWait(ips))).replace(/-ge 90 /, "-ge 2 ");
    return spawnSync("sh", ["-c", script], { encoding: "utf8", timeout: 20_000 });
  };

  it("returns at once when the address is on an interface", () => {
    expect(run(["127.0.0.1"])).toMatchObject({ status: 0, stdout: "127.0.0.1: up after 0 s\n" });
  });

  it("fails, naming it, when it never appears, although loopback's /8 would let it be bound", () => {
    const r = run(["127.0.0.77"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("127.0.0.77: not on any interface after 90s\n");
  });

  it("writes IPv6 addresses as /proc/net/if_inet6 does", () => {
    expect(ipv6Hex("::1")).toBe("00000000000000000000000000000001");
    expect(ipv6Hex("fd7a:115c:a1e0::1:2")).toBe("fd7a115ca1e000000000000000010002");
    expect(ipv6Hex("2001:db8:0:0:0:0:0:1")).toBe("20010db8000000000000000000000001");
  });
});
