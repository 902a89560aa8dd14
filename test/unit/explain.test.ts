// `mcquad explain`: plain words from the same model the units come from.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeInventory, type Model } from "../../src/analyze.js";
import { explainService, explainableNames } from "../../src/explain/explain.js";
import { fixtures, repo } from "../helpers.js";

function analyzed(path: string) {
  const { model, findings } = analyzeInventory(readFileSync(path, "utf8"));
  return { model: model as Model, findings };
}

const platform = analyzed(join(repo, "services.yaml"));
const small = analyzed(join(fixtures, "small", "services.yaml"));
const explain = (a: typeof platform, name: string) => explainService(a.model, a.findings, name) ?? "";

describe("explain", () => {
  it("names the stage, what it waits for and why, and its place in the stage", () => {
    const text = explain(platform, "mcr-web");
    expect(text).toMatch(/^mcr-web starts in stage 2 of 4, mc-stage2\.target \(Core: routing, images, certificates\), as the unit mcr-web\.service/);
    expect(text).toContain("  mc-stage1.target: every service of stage 1 (mcns) is healthy");
    expect(text).toContain("  mcr-api.service (requires): it starts once mcr-api is up, and is not started at all if mcr-api fails.");
    expect(text).toContain("In its stage it is in wave 2; it is up 4.5s after the stage starts when every service is ready within a second, 2m30s at worst.");
  });

  it("gives the health check, its time budget and the start timeout", () => {
    const text = explain(platform, "mcns");
    expect(text).toContain("Health: `nslookup mcq.svc.mcp.metacircular.net 127.0.0.1 >/dev/null` inside the container (dns mcq.svc.mcp.metacircular.net :53), every 10s, each check at most 5s.");
    expect(text).toContain("its ExecStartPost= runs `podman healthcheck run mcns` at once and then every 250ms after the last one finished");
    expect(text).toContain("It gives up after 45s (start period 10s + 3 × 10s + timeout 5s) and fails the start, which stops the container; systemd's own limit is 1m15s (TimeoutStartSec).");
    expect(text).toContain("Failures in the first 45s do not count;");
    expect(text).toContain("after 3 failed checks it is unhealthy and podman kills it.");
  });

  it("with on_failure none, podman only marks it unhealthy; the wait's budget is the same", () => {
    const text = explain(platform, "metacrypt-api");
    expect(text).toContain("after 3 failed checks it is unhealthy and podman only marks it unhealthy.");
    expect(text).toContain("It gives up after 45s (start period 10s + 3 × 10s + timeout 5s)");
  });

  it("without startup_interval, the wait probes at the regular interval", () => {
    const text = explain(small, "web");
    expect(text).toMatch(/runs `podman healthcheck run web` at once and then every 5s after the last one finished/);
    expect(text).toMatch(/gives up after \d+s \(start period \d+s \+ \d+ × \d+s \+ timeout \d+s\)/);
  });

  it("says why the pull policy is what it is", () => {
    expect(explain(platform, "mcns")).toContain("Pull: never (set in the inventory); it may start before the registry (mcns, mc-proxy, mcr-api) is up.");
    expect(explain(platform, "mcq")).toContain("Pull: missing, since it starts only once the registry (mcns, mc-proxy, mcr-api) is up.");
    expect(explain(small, "db")).toContain("Pull: never (set in the inventory); its image is not from the platform's registry.");
  });

  it("says how an upgrade happens and what apply does when the image is missing", () => {
    const text = explain(platform, "mcns");
    expect(text).toContain("then system/mcquad-apply (on NixOS, the switch runs it). It puts the new image into storage first, pulling it whatever Pull= says");
    expect(text).toContain("If the image cannot be had, mcns's running container is left as it is, and apply fails naming mcns.service and the image, touching nothing later.");
  });

  it("says what depends on it, directly and through its stage", () => {
    const text = explain(platform, "metacrypt-api");
    expect(text).toContain("  directly: metacrypt-web (requires).");
    expect(text).toContain("  through mc-stage2.target: every later stage (mcp-master, kls, mcat, mcdoc, mcq, sgardd); while metacrypt-api is down at their start, none of them starts, and they come up by themselves once it is up. Once they run, its restarts do not touch them.");
    expect(explain(platform, "sgardd")).toContain("  no later stage: it is in the last one.");
    expect(explain(small, "web")).toContain("  directly: cron (requires).");
    expect(explain(small, "web")).toContain("  registry.service (wants): it starts after registry, but also when registry fails.");
  });

  it("shows the warnings about the service, and only those", () => {
    const text = explain(platform, "metacrypt-web");
    expect(text).toContain("Warnings:\n  warning: services.metacrypt-web.reached_via[0]: metacrypt-web is reached via tailnet, but publishes no port on that address\n    hint: ");
    expect(text).not.toContain("mcdoc is reached");
    expect(explain(platform, "mcns")).not.toContain("Warnings:");
  });

  it("says when nothing waits for the health check", () => {
    expect(explain(small, "cron")).toContain("The unit counts as started as soon as the container runs (notify: none)");
  });

  it("explains a pending name, and knows no other", () => {
    const text = explain(platform, "exo");
    expect(text).toMatch(/^exo is pending in stage 4 \(mc-stage4\.target\): the runbook names exo/);
    expect(text).toContain("warning: stages[3].pending[0]: exo is named in stage 4 but has no definition");
    expect(explainService(platform.model, platform.findings, "nope")).toBeUndefined();
    expect(explainableNames(platform.model.inventory)).toContain("exo");
  });
});
