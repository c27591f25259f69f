// The send window (SPEC §3, §6): one row per case, daylight-saving days included (America/New_York
// springs forward 2026-03-08 02:00 → 03:00 and falls back 2026-11-01 02:00 → 01:00).
import { describe, expect, it } from "vitest";
import { nextOpening, windowOpen } from "@/lib/delivery/send-window";
import type { SendWindow } from "@/lib/delivery/send-window.schema";

const NY = "America/New_York";
const weekdays: SendWindow = { timezone: NY, days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };
const nights: SendWindow = { timezone: NY, days: [5], start: "22:00", end: "06:00" };
const iso = (s: string) => Date.parse(s);

type Row = { name: string; window: SendWindow; now: string; next: string };
/** Rows for one window: each `[name, now, next]`. */
const on = (window: SendWindow, cases: [name: string, now: string, next: string][]): Row[] =>
  cases.map(([name, now, next]) => ({ name, window, now, next }));

/** `next`: when the window opens after `now`, or "open" when it is open at `now`. */
const rows: Row[] = [
  // 2026-11-30 is a Monday. New York is UTC−5 in winter, UTC−4 in summer.
  ...on(weekdays, [
    ["Monday 10:00 local: open", "2026-11-30T15:00:00Z", "open"],
    ["Monday 08:59: opens at 09:00", "2026-11-30T13:59:00Z", "2026-11-30T14:00:00Z"],
    ["Monday 18:00: closed (end excluded), Tuesday 09:00", "2026-11-30T23:00:00Z", "2026-12-01T14:00:00Z"],
    ["Friday 19:00: Monday 09:00", "2026-12-05T00:00:00Z", "2026-12-07T14:00:00Z"],
    ["Saturday noon: Monday 09:00", "2026-12-05T17:00:00Z", "2026-12-07T14:00:00Z"],
  ]),
  ...on(nights, [
    ["past midnight: Friday 23:00 open", "2026-12-05T04:00:00Z", "open"],
    ["past midnight: Saturday 05:59 still Friday's night", "2026-12-05T10:59:00Z", "open"],
    ["past midnight: Saturday 06:00 closed, next Friday 22:00", "2026-12-05T11:00:00Z", "2026-12-12T03:00:00Z"],
  ]),
  {
    name: "spring forward: Sunday 2026-03-08 before the change, the 09:00 of Monday is EDT (UTC−4)",
    window: weekdays,
    now: "2026-03-08T06:30:00Z",
    next: "2026-03-09T13:00:00Z",
  },
  {
    name: "spring forward: a 02:30 start does not exist that day; it opens at 03:00 EDT",
    window: { timezone: NY, days: [7], start: "02:30", end: "05:00" },
    now: "2026-03-08T05:00:00Z",
    next: "2026-03-08T07:00:00Z",
  },
  {
    name: "fall back: Sunday 2026-11-01 01:30 happens twice; a window opening at 03:00 opens at 03:00 EST",
    window: { timezone: NY, days: [7], start: "03:00", end: "05:00" },
    now: "2026-11-01T05:30:00Z",
    next: "2026-11-01T08:00:00Z",
  },
  {
    name: "another zone: Asia/Kolkata (UTC+5:30), Monday 08:00 → 09:00",
    window: { ...weekdays, timezone: "Asia/Kolkata" },
    now: "2026-11-30T02:30:00Z",
    next: "2026-11-30T03:30:00Z",
  },
];

describe("send window", () => {
  it.each(rows)("$name", (row) => {
    const open = row.next === "open";
    expect(windowOpen(row.window, iso(row.now))).toBe(open);
    expect(new Date(nextOpening(row.window, iso(row.now))).toISOString()).toBe(new Date(iso(open ? row.now : row.next)).toISOString());
  });

  it("the next opening is always open, and never before now", () => {
    for (let k = 0; k < 2_000; k++) {
      const now = iso("2026-01-01T00:00:00Z") + k * 4_733_333; // ~55 days in uneven steps, across both DST changes
      for (const window of [weekdays, nights]) {
        const next = nextOpening(window, now);
        expect(next).toBeGreaterThanOrEqual(now);
        expect(windowOpen(window, next)).toBe(true);
      }
    }
  });
});
