// Health budgets and the unit's own wait's timings: what TimeoutStartSec=, HealthStartPeriod=, the
// plan and explain are computed from.
import { describe, expect, it } from "vitest";
import type { Health } from "../../src/inventory/model.js";
import { expectedHealthySec, healthBudgetSec, podmanStartPeriodSec, probeRunSec, waitPauseSec } from "../../src/inventory/health.js";

const regular: Health = { probe: { kind: "tcp", port: 80 }, intervalSec: 10, timeoutSec: 5, retries: 3, startPeriodSec: 10, onFailure: "kill" };
const fast: Health = { ...regular, startupIntervalSec: 0.25 };

describe("health budgets", () => {
  it("the budget is the regular check's window: start period, retries one interval apart, the last for its timeout", () => {
    expect(healthBudgetSec(regular)).toBe(45);
    expect(healthBudgetSec(fast)).toBe(45); // startup_interval changes how often, not how long
    expect(healthBudgetSec({ ...regular, onFailure: "none" })).toBe(45);
  });

  it("the wait probes every startup_interval, else every interval, each probe's own run on top", () => {
    expect(waitPauseSec(regular)).toBe(10);
    expect(waitPauseSec(fast)).toBe(0.25);
    expect(expectedHealthySec(regular)).toBe(10 + probeRunSec);
    expect(expectedHealthySec(fast)).toBe(0.25 + probeRunSec);
  });

  it("podman counts no failure while the unit waits: its start period is the whole budget then", () => {
    expect(podmanStartPeriodSec(fast, true)).toBe(45);
    expect(podmanStartPeriodSec(fast, false)).toBe(10); // notify: none: nothing waits, the inventory's
  });
});
