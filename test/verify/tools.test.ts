// Finding the tools: the explicit path wins and is never second-guessed, NixOS's layout (the
// generator under podman's own prefix) is searched, and a miss says how to get the tool.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTools, quadletCandidates } from "../../src/verify/tools.js";
import { pointExecAtStub } from "../../src/verify/workdir.js";
import { FETCH_TIMEOUT_MS, podmanTree, systemdTree } from "./podman.js";

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "mcquad-tools-test-"));
}, FETCH_TIMEOUT_MS);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function executable(path: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "#!/bin/sh\nexit 0\n");
  chmodSync(path, 0o755);
  return path;
}

describe("finding the tools", () => {
  it("looks beside a podman on PATH (NixOS) and in the fetch-podman.sh cache", () => {
    executable(join(scratch, "nix", "store", "podman-5.4.2", "bin", "podman"));
    const env = { PATH: join(scratch, "nix", "store", "podman-5.4.2", "bin"), MCQUAD_CACHE: join(scratch, "cache") };
    const candidates = quadletCandidates(env);
    expect(candidates).toContain(join(scratch, "nix", "store", "podman-5.4.2", "libexec", "podman", "quadlet"));
    expect(candidates).toContain("/run/current-system/sw/libexec/podman/quadlet");
    expect(candidates[candidates.length - 1]).toBe(join(scratch, "cache", "podman-trixie", "usr", "libexec", "podman", "quadlet"));
  });

  it("puts a quadlet found on PATH first", () => {
    const onPath = executable(join(scratch, "bin", "quadlet"));
    expect(quadletCandidates({ PATH: join(scratch, "bin") })[0]).toBe(onPath);
  });

  it("refuses a --quadlet or MCQUAD_QUADLET path that is not there, saying how to get one", async () => {
    await expect(findTools({ quadlet: join(scratch, "none") })).rejects.toThrow(/not found at .* \(from --quadlet\)/);
    await expect(findTools({ env: { ...process.env, MCQUAD_QUADLET: join(scratch, "none") } })).rejects.toMatchObject({
      message: expect.stringMatching(/MCQUAD_QUADLET/),
      hint: expect.stringMatching(/apt-get install podman/),
    });
  });

  it("reports versions and the folder of podman-user-wait-network-online.service", async () => {
    const tree = podmanTree();
    const tools = await findTools({ quadlet: tree.quadlet });
    expect(tools.quadletVersion).toBe("5.4.2");
    expect(tools.systemdVersion).toMatch(/^\d+$/);
    expect(tools.podmanUserUnitDir).toBe(join(tree.root, "usr", "lib", "systemd", "user"));
  }, FETCH_TIMEOUT_MS);

  it("prefers trixie's systemd-analyze (257, run through trixie's loader) over one on PATH", async () => {
    systemdTree();
    const onPath = executable(join(scratch, "host-bin", "systemd-analyze"));
    const tools = await findTools({ quadlet: podmanTree().quadlet, env: { ...process.env, PATH: `${join(scratch, "host-bin")}:${process.env["PATH"] ?? ""}` } });
    expect(tools.systemdAnalyze).not.toBe(onPath);
    expect(tools).toMatchObject({ systemdVersion: "257", systemdOrigin: "trixie" });
    expect(tools.systemdUserUnitDir).toMatch(/systemd-trixie\/usr\/lib\/systemd\/user$/);
  }, FETCH_TIMEOUT_MS);

  it("points podman Exec lines at the stub when a generator ignores $PODMAN", async () => {
    const dir = join(scratch, "generated");
    mkdirSync(dir, { recursive: true });
    const unit = "[Service]\nExecStart=/usr/bin/podman run --name x img\nExecStopPost=-/usr/bin/podman rm -f x\nExecReload=/bin/kill -HUP $MAINPID\n";
    writeFileSync(join(dir, "x.service"), unit);
    await pointExecAtStub(dir, "/stub/podman");
    expect(readFileSync(join(dir, "x.service"), "utf8")).toBe(
      "[Service]\nExecStart=/stub/podman run --name x img\nExecStopPost=-/stub/podman rm -f x\nExecReload=/bin/kill -HUP $MAINPID\n",
    );
  });
});
