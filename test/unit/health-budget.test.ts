// Health budgets with and without podman's startup check: what TimeoutStartSec=, the plan and
// explain are computed from.
import { describe, expect, it } from "vitest";
import type { Health } from "../../src/inventory/model.js";
import { expectedHealthySec, healthBudgetSec, startupPeriodSec, startupRetries } from "../../src/inventory/health.js";

const regular: Health = { probe: { kind: "tcp", port: 80 }, intervalSec: 10, timeoutSec: 5, retries: 3, startPeriodSec: 10, onFailure: "kill" };
const withStartup: Health = { ...regular, startupIntervalSec: 1 };

describe("health budgets", () => {
  it("regular check only: start period, retries one interval apart, the last for its timeout", () => {
    expect(healthBudgetSec(regular)).toBe(45);
    expect(expectedHealthySec(regular)).toBe(12);
  });

  it("startup check: as many tries as fit the regular check's window, each up to 2 s late, on the whole-second grid", () => {
    expect(startupRetries(withStartup, 1)).toBe(13); // (10 + 3 × 10) / (1 + 2)
    expect(healthBudgetSec(withStartup)).toBe(44); // 13 × 3 + 5
    expect(expectedHealthySec(withStartup)).toBe(3);
    // Below a second: the timers' grid makes a check at most 2 s after the one before.
    const fast: Health = { ...regular, startupIntervalSec: 0.25 };
    expect(startupPeriodSec(0.25)).toBe(2);
    expect(startupRetries(fast, 0.25)).toBe(20); // 40 / 2
    expect(healthBudgetSec(fast)).toBe(45); // 20 × 2 + 5: the regular check's budget
    expect(expectedHealthySec(fast)).toBe(2);
    expect(startupPeriodSec(1.5)).toBe(3);
    expect(startupRetries({ ...regular, startPeriodSec: 0, retries: 1, intervalSec: 1 }, 5)).toBe(1);
  });

  it("on_failure none: the startup check never restarts the container, the start timeout ends it", () => {
    const none: Health = { ...withStartup, onFailure: "none" };
    expect(startupRetries(none, 1)).toBe(0);
    expect(healthBudgetSec(none)).toBe(45);
  });
});
