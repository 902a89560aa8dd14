// Health budgets with and without podman's startup check: what TimeoutStartSec=, the plan and
// explain are computed from.
import { describe, expect, it } from "vitest";
import type { Health } from "../../src/inventory/model.js";
import { expectedHealthySec, healthBudgetSec, startupRetries } from "../../src/inventory/health.js";

const regular: Health = { probe: { kind: "tcp", port: 80 }, intervalSec: 10, timeoutSec: 5, retries: 3, startPeriodSec: 10, onFailure: "kill" };
const withStartup: Health = { ...regular, startupIntervalSec: 1 };

describe("health budgets", () => {
  it("regular check only: start period, retries one interval apart, the last for its timeout", () => {
    expect(healthBudgetSec(regular)).toBe(45);
    expect(expectedHealthySec(regular)).toBe(12);
  });

  it("startup check: as many tries as fit the regular check's window, each up to 2 s late", () => {
    expect(startupRetries(withStartup, 1)).toBe(13); // (10 + 3 × 10) / (1 + 2)
    expect(healthBudgetSec(withStartup)).toBe(44); // 13 × 3 + 5
    expect(expectedHealthySec(withStartup)).toBe(3);
    expect(startupRetries({ ...regular, startPeriodSec: 0, retries: 1, intervalSec: 1 }, 5)).toBe(1);
  });

  it("on_failure none: the startup check never restarts the container, the start timeout ends it", () => {
    const none: Health = { ...withStartup, onFailure: "none" };
    expect(startupRetries(none, 1)).toBe(0);
    expect(healthBudgetSec(none)).toBe(45);
  });
});
