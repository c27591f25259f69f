import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AccessCheck, guardStream, recheckStreams } from "@/lib/events/stream-access";

// The access guard of event streams, with a fake check function and fake timers.
type Grant = { id: string };

function fakeCheck(denied: Set<string>) {
  const calls: string[][] = [];
  const check: AccessCheck<Grant> = async (_locationId, grants) => {
    calls.push(grants.map((g) => g.id));
    return grants.map((g) => !denied.has(g.id));
  };
  return { check, calls };
}

function stream(locationId: string, id: string, check: AccessCheck<Grant>) {
  const sent: string[] = [];
  const state = { ended: false };
  const guard = guardStream(locationId, { grant: { id }, check }, () => (state.ended = true));
  return { guard, sent, state, send: (text: string) => guard.deliver(() => sent.push(text)) };
}

/** Lets pending checks finish (a few promise turns each). */
async function settle() {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
}

describe("event stream access", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("holds a new stream's first events until its access is checked, then sends fresh ones at once", async () => {
    const { check, calls } = fakeCheck(new Set());
    const s = stream(randomUUID(), "a", check);
    s.send("1");
    expect(s.sent).toEqual([]);
    await settle();
    expect(s.sent).toEqual(["1"]);
    s.send("2");
    expect(s.sent).toEqual(["1", "2"]); // verified under a second ago: no query
    expect(calls).toEqual([["a"]]);
    s.guard.release();
  });

  it("checks every stream of a location in one call, and ends only those that lost access", async () => {
    const denied = new Set<string>();
    const { check, calls } = fakeCheck(denied);
    const location = randomUUID();
    const [a, b, c] = ["a", "b", "c"].map((id) => stream(location, id, check));
    denied.add("b");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([["a", "b", "c"]]);
    expect([a.state.ended, b.state.ended, c.state.ended]).toEqual([false, true, false]);
    b.send("late");
    expect(b.sent).toEqual([]);
    a.guard.release();
    c.guard.release();
  });

  it("never sends an event once a second has passed since the last check that allowed it", async () => {
    const denied = new Set<string>();
    const { check } = fakeCheck(denied);
    const s = stream(randomUUID(), "k", check);
    s.send("before");
    await settle();
    denied.add("k"); // revoked elsewhere: no hook tells this process
    await vi.advanceTimersByTimeAsync(1_001);
    s.send("after");
    await settle();
    expect(s.sent).toEqual(["before"]);
    expect(s.state.ended).toBe(true);
  });

  it("rechecks at once when told access changed, even while a check is running", async () => {
    const denied = new Set<string>();
    let release: () => void = () => {};
    const calls: number[] = [];
    const check: AccessCheck<Grant> = async (_l, grants) => {
      const read = new Set(denied); // what the query saw when it ran
      calls.push(calls.length);
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
      return grants.map((g) => !read.has(g.id));
    };
    const location = randomUUID();
    const s = stream(location, "m", check);
    recheckStreams(location); // first pass starts and waits
    denied.add("m");
    recheckStreams(location); // must not be absorbed by the pass that read the old state
    release();
    await settle();
    expect(calls).toHaveLength(2);
    expect(s.state.ended).toBe(true);
  });

  it("ends the location's streams when the check itself fails (they reconnect and resume)", async () => {
    const check: AccessCheck<Grant> = async () => {
      throw new Error("database unavailable");
    };
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const location = randomUUID();
    const [a, b] = ["a", "b"].map((id) => stream(location, id, check));
    a.send("x");
    await settle();
    expect([a.state.ended, b.state.ended]).toEqual([true, true]);
    expect(a.sent).toEqual([]);
    error.mockRestore();
  });
});
