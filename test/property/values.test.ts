// Property: any string in args, environment values, volume paths and health commands either
// reaches the container exactly (through generate(), the real Quadlet 5.4.2 and systemd's reading
// of ExecStart=), or is refused, located where it is written, and only when it would not have.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PROPERTY_TIMEOUT_MS, propertyOptions } from "./runs.js";
import { checkBatch, unneededRefusals } from "./check-batch.js";
import { healthValue, valueCase } from "./value-cases.js";
import { hostilePath, hostileString } from "./strings.js";

/** Services per inventory (one Quadlet run each); inventories per property: runs.ts. */
const BATCH = 100;

describe("hostile values", () => {
  it("reach the container exactly, or are refused where written, and only when needed", () => {
    fc.assert(
      fc.property(fc.array(valueCase(hostileString(), hostilePath, undefined, healthValue()), { minLength: 1, maxLength: BATCH, size: "max" }), (cases) => {
        const refused = checkBatch(cases);
        expect(unneededRefusals(refused)).toEqual([]);
      }),
      propertyOptions("values"),
    );
  }, PROPERTY_TIMEOUT_MS);
});
