import "server-only";
// One hub per location per process: every open stream of the location subscribes with its own
// cursor, and a wake-up does ONE read of the Event table for all of them (from the lowest cursor),
// then hands each stream what it has not seen. Wake-ups come from this process's writers
// (notifier), from other processes through the database (event-wakeups: PostgreSQL
// LISTEN/NOTIFY, SQLite data_version polling), and from a slow safety poll.
// Seqs commit in order (the Event trigger), so "everything after my cursor" never skips an event
// that commits later: resuming from any Last-Event-ID is lossless.
import { READ_BATCH, readEventsAfter } from "@/lib/events/read-events";
import { processSingleton } from "@/lib/process-singleton";

export type EventRow = { seq: number; type: string; payload: string };
type Subscriber = { cursor: number; deliver: (rows: EventRow[]) => void };
type Hub = { subscribers: Set<Subscriber>; reading: boolean; again: boolean };

const hubs = processSingleton("event-hubs", () => new Map<string, Hub>());
const wakeups = processSingleton<{ start?: () => void }>("event-hub-wakeups", () => ({}));

/** Hooks the cross-process wake-ups in once (set by event-wakeups, kept apart to avoid a cycle). */
export function setWakeupStarter(start: () => void): void {
  wakeups.start = start;
}

export function subscribe(locationId: string, cursor: number, deliver: Subscriber["deliver"]): () => void {
  wakeups.start?.();
  let hub = hubs.get(locationId);
  if (!hub) hubs.set(locationId, (hub = { subscribers: new Set(), reading: false, again: false }));
  const subscriber: Subscriber = { cursor, deliver };
  hub.subscribers.add(subscriber);
  void pump(locationId, hub);
  return () => {
    hub.subscribers.delete(subscriber);
    if (hub.subscribers.size === 0 && hubs.get(locationId) === hub) hubs.delete(locationId);
  };
}

/** New events may exist for this location: read once for all its streams. */
export function wake(locationId: string): void {
  const hub = hubs.get(locationId);
  if (hub) void pump(locationId, hub);
}

export function wakeAll(): void {
  for (const [locationId, hub] of hubs) void pump(locationId, hub);
}

export function openLocations(): string[] {
  return [...hubs.keys()];
}

async function pump(locationId: string, hub: Hub): Promise<void> {
  if (hub.reading) {
    hub.again = true;
    return;
  }
  hub.reading = true;
  try {
    do {
      hub.again = false;
      for (;;) {
        if (hub.subscribers.size === 0) return;
        let from = Number.MAX_SAFE_INTEGER;
        for (const s of hub.subscribers) from = Math.min(from, s.cursor);
        const rows = await readEventsAfter(locationId, from);
        for (const subscriber of hub.subscribers) {
          const fresh = rows.filter((r) => r.seq > subscriber.cursor);
          if (fresh.length === 0) continue;
          subscriber.cursor = fresh[fresh.length - 1].seq;
          subscriber.deliver(fresh);
        }
        if (rows.length < READ_BATCH) break;
      }
    } while (hub.again);
  } catch (error) {
    console.error("[events] read failed:", error);
  } finally {
    hub.reading = false;
  }
}
