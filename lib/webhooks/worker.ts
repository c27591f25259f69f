import "server-only";
// Delivers pending webhooks. Started once per server process (instrumentation.ts). Due rows are
// read from the database, so deliveries survive restarts; each is claimed by one process only
// (claimWebhooks), so several processes never send the same attempt twice.
//
// Locations are independent (SPEC §3: one slow receiver never delays another location): the
// worker keeps up to MAX_IN_FLIGHT attempts running and claims more as soon as a slot frees —
// it never waits for a batch to finish — and one location holds at most PER_LOCATION of those
// slots, so a receiver that hangs until the 10 s timeout occupies its own location's slots only.
import { db } from "@/lib/db/client";
import { type ClaimedWebhook, sendStore } from "@/lib/db/send-store";
import { DAY_MS } from "@/lib/engine/time";
import { onWebhooksQueued } from "@/lib/events/notifier";
import { processSingleton } from "@/lib/process-singleton";
import { claimPump } from "@/lib/processes/claim-pump";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery";

const TICK_MS = 1_000;
/** A claimed row is this process's for this long: more than an attempt can last (10 s timeout). */
const LEASE_MS = 60_000;
const MAX_IN_FLIGHT = 32;
const PER_LOCATION = 4;
const HOUSEKEEPING_MS = 10 * 60_000;
const EVENT_RETENTION_MS = 7 * DAY_MS;
const COUNTER_RETENTION_MS = 2 * DAY_MS;

type Worker = { stop: () => void };

export function startWebhookWorker(): void {
  processSingleton("webhook-worker", runWorker);
}

function runWorker(): Worker {
  const pump = createPump();
  let lastHousekeeping = 0;
  const tick = () => {
    pump();
    if (Date.now() - lastHousekeeping > HOUSEKEEPING_MS) {
      lastHousekeeping = Date.now();
      housekeeping(Date.now()).catch((error) => console.error("[webhooks] housekeeping failed:", error));
    }
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  // A delivery was just queued: look at once rather than at the next tick.
  const off = onWebhooksQueued(pump);
  tick();
  return {
    stop: () => {
      clearInterval(timer);
      off();
    },
  };
}

/**
 * Returns `pump()` (lib/processes/claim-pump.ts): claims due deliveries for the free slots and
 * starts them. Rows of a location already at its cap are not
 * claimed at all (they stay due for the next free slot, here or in another process); a claim
 * brings at most PER_LOCATION rows of one location, and the few beyond its free slots wait here
 * for one (much less than the lease).
 */
function createPump(): () => void {
  const running = new Map<string, number>();
  const waiting = new Map<string, ClaimedWebhook[]>();
  let inFlight = 0;

  const start = (row: ClaimedWebhook) => {
    inFlight++;
    running.set(row.locationId, (running.get(row.locationId) ?? 0) + 1);
    attemptDelivery(row)
      .catch((error) => console.error("[webhooks] delivery attempt failed:", error))
      .finally(() => {
        inFlight--;
        const left = (running.get(row.locationId) ?? 1) - 1;
        if (left) running.set(row.locationId, left);
        else running.delete(row.locationId);
        const next = waiting.get(row.locationId)?.shift();
        if (next) start(next);
        else waiting.delete(row.locationId);
        pump();
      });
  };

  const pump = claimPump<ClaimedWebhook>({
    label: "webhooks",
    free: () => MAX_IN_FLIGHT - inFlight - [...waiting.values()].reduce((n, rows) => n + rows.length, 0),
    claim: (free) => {
      const busy = [...running].filter(([, n]) => n >= PER_LOCATION).map(([id]) => id);
      const now = Date.now();
      return sendStore().claimWebhooks(new Date(now), new Date(now + LEASE_MS), free, { perLocation: PER_LOCATION, skipLocations: busy });
    },
    start: (row) => {
      if ((running.get(row.locationId) ?? 0) < PER_LOCATION) start(row);
      else waiting.set(row.locationId, [...(waiting.get(row.locationId) ?? []), row]);
    },
  });
  return pump;
}

/** Old events, counters, processes, finished outbox items and expired idempotency keys go, so the tables stay small. */
async function housekeeping(now: number) {
  await db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.event.deleteMany({ where: { createdAt: { lt: new Date(now - EVENT_RETENTION_MS) } } });
  await db.sendCounter.deleteMany({ where: { day: { lt: new Date(now - COUNTER_RETENTION_MS).toISOString().slice(0, 10) } } });
  await db.appProcess.deleteMany({ where: { heartbeatAt: { lt: new Date(now - COUNTER_RETENTION_MS) } } });
  // The outbox keeps finished items a week (when did it leave, after how many attempts), pacing
  // counts of past hours two days.
  await db.outboxItem.deleteMany({ where: { state: { in: ["done", "failed"] }, updatedAt: { lt: new Date(now - EVENT_RETENTION_MS) } } });
  await db.hourCounter.deleteMany({ where: { hour: { lt: new Date(now - COUNTER_RETENTION_MS).toISOString().slice(0, 13) } } });
}
