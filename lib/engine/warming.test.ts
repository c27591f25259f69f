import { describe, expect, it } from "vitest";
import { applyHealthEvent, healthEventForStatus } from "./health";
import { DAY_MS, HOUR_MS } from "./time";
import { warmingInfo } from "./warming";

const location = { warmingDays: 5, warmingDailyLimits: [20, 40, 80, 160, 320] };
const T0 = Date.UTC(2025, 0, 1);

describe("warmingInfo", () => {
  it.each([
    [0, { warming: true, day: 1, dailyLimit: 20 }],
    [DAY_MS - 1, { warming: true, day: 1, dailyLimit: 20 }],
    [DAY_MS, { warming: true, day: 2, dailyLimit: 40 }],
    [4 * DAY_MS + 5, { warming: true, day: 5, dailyLimit: 320 }],
    [5 * DAY_MS, { warming: false, dailyLimit: null }],
    [-HOUR_MS, { warming: true, day: 1, dailyLimit: 20 }], // first connection "in the future" (clock skew)
  ])("%i ms after first connection", (elapsed, expected) => {
    expect(warmingInfo({ firstConnectedAt: T0, warmingDays: null }, location, T0 + elapsed)).toMatchObject(expected);
  });
  it("uses the instance's override of the warming days and ends warming then", () => {
    expect(warmingInfo({ firstConnectedAt: T0, warmingDays: 2 }, location, T0 + 2 * DAY_MS)).toMatchObject({
      warming: false,
      endsAt: T0 + 2 * DAY_MS,
    });
    expect(warmingInfo({ firstConnectedAt: T0, warmingDays: 0 }, location, T0)).toMatchObject({ warming: false });
    expect(warmingInfo({ firstConnectedAt: T0, warmingDays: 8 }, location, T0 + 7 * DAY_MS)).toMatchObject({
      warming: true,
      day: 8,
      dailyLimit: 320,
    });
  });
  it("treats a never-connected instance as day 1", () => {
    expect(warmingInfo({ firstConnectedAt: null, warmingDays: null }, location, T0)).toEqual({
      warming: true,
      day: 1,
      dailyLimit: 20,
      endsAt: null,
      warmingDays: 5,
    });
  });
});

describe("health score", () => {
  it.each([
    [100, "delivered", 100],
    [60, "delivered", 62],
    [100, "delivery_failed", 90],
    [5, "delivery_failed", 0],
    [50, "disconnected_transient", 45],
    [50, "disconnected_logged_out", 35],
    [90, "banned", 0],
    [0, "admin_reset", 50],
  ] as const)("%i after %s → %i", (score, event, expected) => expect(applyHealthEvent(score, event)).toBe(expected));

  it("maps status changes to events", () => {
    expect(healthEventForStatus("disconnected", "banned")).toBe("banned");
    expect(healthEventForStatus("disconnected", "logged_out")).toBe("disconnected_logged_out");
    expect(healthEventForStatus("disconnected", "transient")).toBe("disconnected_transient");
    expect(healthEventForStatus("connected", null)).toBeNull();
  });
});
