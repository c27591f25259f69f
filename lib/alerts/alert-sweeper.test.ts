// The sweeper's two lanes: a look at one location (after a status change) never waits behind the
// periodic sweep of every location, which on a busy database can take seconds — the bell must
// show a ban at once. The evaluation itself is replaced by one that waits until released. Each
// full sweep then sends the alert e-mails that are due (replaced by a counter).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const calls: (string | null)[] = [];
const releases: (() => void)[] = [];
let mailPasses = 0;
vi.mock("@/lib/alerts/alert-mail-outbox", () => ({
  sendDueAlertMails: () => {
    mailPasses++;
    return Promise.resolve([]);
  },
}));
vi.mock("@/lib/alerts/evaluate-alerts", () => ({
  evaluateAlerts: ({ locationId }: { locationId: string | null }) => {
    calls.push(locationId);
    return new Promise<string[]>((resolve) => releases.push(() => resolve([])));
  },
}));

describe("alert sweeper", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubEnv("ALERT_SWEEP", "1");
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("looks at a location at once while a full sweep is still running, and never runs a lane twice at once", async () => {
    const { checkAlertsSoon, startAlertSweeper } = await import("@/lib/alerts/alert-sweeper");
    startAlertSweeper();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([null]); // the sweep of every location started, and hangs

    checkAlertsSoon("loc-1");
    expect(calls).toEqual([null, "loc-1"]); // not queued behind the sweep

    checkAlertsSoon("loc-2"); // its lane is busy: asked for, run after
    await vi.advanceTimersByTimeAsync(1_000); // the next sweep is due, but the last one still runs
    expect(calls).toEqual([null, "loc-1"]);

    releases[1](); // loc-1 done: loc-2 next in its lane
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([null, "loc-1", "loc-2"]);
    expect(mailPasses).toBe(0); // a look at one location sends no e-mail

    releases[0](); // the sweep done: its e-mail pass, then the sweep asked for meanwhile starts
    await vi.advanceTimersByTimeAsync(0);
    expect(mailPasses).toBe(1);
    expect(calls).toEqual([null, "loc-1", "loc-2", null]);
  });
});
