import "server-only";
import { processSingleton } from "@/lib/process-singleton";

// An event stream lives for minutes or hours, but the access it was opened with can be taken away
// meanwhile (an API key revoked, a member removed or deactivated — by this process, another one,
// or the CLI). Each stream is registered here with its grant and the function that re-checks
// grants; a stream whose grant fails is ended (issue 9, finding 4). Checks are batched: one call
// of the check function per location per pass, for all of that location's streams.
// - Periodically: every RECHECK_MS, so an idle stream ends within that time.
// - On delivery: events go out only if the stream's access was verified within FRESH_MS (else they
//   wait for a check), so nothing that happened more than FRESH_MS after a revocation is sent.
// - At once: the services that revoke access in this process call recheckStreams().
// A failed check ends the location's streams (fail closed): the clients reconnect, authenticate
// again and resume from Last-Event-ID without loss.

const RECHECK_MS = 5_000;
const FRESH_MS = 1_000;

/** Which of `grants` still give access to `locationId`, in order. */
export type AccessCheck<G> = (locationId: string, grants: G[]) => Promise<boolean[]>;
export type StreamAccess<G> = { grant: G; check: AccessCheck<G> };

type Entry = { access: StreamAccess<unknown>; verifiedAt: number; queue: (() => void)[]; end: () => void; ended: boolean };
type LocationStreams = { entries: Set<Entry>; checking: boolean; again: boolean };

type AccessState = { locations: Map<string, LocationStreams>; timer: ReturnType<typeof setInterval> | null };
const state = processSingleton<AccessState>("stream-access", () => ({ locations: new Map(), timer: null }));

export type StreamGuard = {
  /** Runs `send` now if access is fresh, else after the next check allows it; never once it failed. */
  deliver(send: () => void): void;
  release(): void;
};

/**
 * Registers a stream; `end` closes it when access is gone. Its first events wait for a check, as
 * the route's own authorization may have used a cached key lookup (lib/api/authenticate).
 */
export function guardStream<G>(locationId: string, access: StreamAccess<G>, end: () => void): StreamGuard {
  let location = state.locations.get(locationId);
  if (!location) state.locations.set(locationId, (location = { entries: new Set<Entry>(), checking: false, again: false }));
  const entry: Entry = { access: access as StreamAccess<unknown>, verifiedAt: 0, queue: [], end, ended: false };
  location.entries.add(entry);
  state.timer ??= setInterval(() => state.locations.forEach((_, id) => void verify(id)), RECHECK_MS);
  state.timer.unref?.();
  return {
    deliver(send) {
      if (entry.ended) return;
      if (entry.queue.length === 0 && Date.now() - entry.verifiedAt <= FRESH_MS) return send();
      entry.queue.push(send);
      void verify(locationId);
    },
    release: () => release(locationId, entry),
  };
}

/** Access in this location may have been taken away just now: check its streams at once. */
export function recheckStreams(locationId: string): void {
  void verify(locationId);
}

async function verify(locationId: string): Promise<void> {
  const location = state.locations.get(locationId);
  if (!location) return;
  if (location.checking) {
    location.again = true; // a pass started before this call may have read the old state
    return;
  }
  location.checking = true;
  try {
    do {
      location.again = false;
      const started = Date.now();
      const entries = [...location.entries];
      const byCheck = new Map<AccessCheck<unknown>, Entry[]>();
      for (const e of entries) byCheck.set(e.access.check, [...(byCheck.get(e.access.check) ?? []), e]);
      for (const [check, group] of byCheck) {
        const allowed = await check(
          locationId,
          group.map((e) => e.access.grant),
        );
        group.forEach((e, i) => {
          if (allowed[i]) pass(e, started);
          else fail(locationId, e);
        });
      }
    } while (location.again);
  } catch (error) {
    console.error("[events] access check failed; ending the location's streams:", error);
    for (const e of [...location.entries]) fail(locationId, e);
  } finally {
    location.checking = false;
    if (location.entries.size === 0 && state.locations.get(locationId) === location) state.locations.delete(locationId);
  }
}

function pass(entry: Entry, verifiedAt: number) {
  if (entry.ended) return;
  entry.verifiedAt = Math.max(entry.verifiedAt, verifiedAt);
  for (const send of entry.queue.splice(0)) send();
}

function fail(locationId: string, entry: Entry) {
  if (entry.ended) return;
  entry.queue.length = 0;
  release(locationId, entry);
  entry.end();
}

function release(locationId: string, entry: Entry) {
  entry.ended = true;
  const location = state.locations.get(locationId);
  if (!location) return;
  location.entries.delete(entry);
  if (location.entries.size === 0 && !location.checking && state.locations.get(locationId) === location) state.locations.delete(locationId);
  if (state.locations.size === 0 && state.timer) {
    clearInterval(state.timer);
    state.timer = null;
  }
}
