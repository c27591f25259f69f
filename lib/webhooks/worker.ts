import "server-only";
// Delivers pending webhooks. Started once per server process (instrumentation.ts). Due rows are
// read from the database, so deliveries survive restarts; each is claimed by one process only
// (deliverDue), so several processes never send the same attempt twice.
import { db } from "@/lib/db/client";
import { sendStore } from "@/lib/db/send-store";
import { onWebhooksQueued } from "@/lib/events/notifier";
import { guardedPost, webhookPolicy } from "@/lib/net/guarded-post";
import { MAX_ATTEMPTS, nextAttemptDelay } from "@/lib/webhooks/backoff";
import { webhookHeaders } from "@/lib/webhooks/signing";

const TICK_MS = 1_000;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const BATCH = 20;
const HOUSEKEEPING_MS = 10 * 60_000;
const EVENT_RETENTION_MS = 7 * 86_400_000;
const COUNTER_RETENTION_MS = 2 * 86_400_000;

const store = globalThis as unknown as { __nrWebhookWorker?: { stop: () => void } };

export function startWebhookWorker(): void {
  if (store.__nrWebhookWorker) return;
  let running = false;
  let again = false;
  let lastHousekeeping = 0;
  const tick = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await deliverDue(Date.now());
      } while (again);
      if (Date.now() - lastHousekeeping > HOUSEKEEPING_MS) {
        lastHousekeeping = Date.now();
        await housekeeping(Date.now());
      }
    } catch (error) {
      console.error("[webhooks] worker tick failed:", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  // A delivery was just queued: look at once rather than at the next tick.
  const off = onWebhooksQueued(() => void tick());
  store.__nrWebhookWorker = { stop: () => (clearInterval(timer), off()) };
  void tick();
}

/**
 * Claims due deliveries and attempts them. The claim is one statement that moves each row's
 * nextAttemptAt past a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: its single writer),
 * so two processes never attempt the same delivery; a process that dies mid-attempt leaves the
 * row to be claimed again when the lease runs out.
 */
export async function deliverDue(now: number): Promise<number> {
  const claimed = await sendStore().claimWebhooks(new Date(now), new Date(now + LEASE_MS), BATCH);
  let delivered = 0;
  await Promise.all(
    claimed.map(async (row) => {
      if (await attempt(row)) delivered++;
    }),
  );
  return delivered;
}

async function attempt(row: { id: string; locationId: string; webhookId: string; url: string; payload: string; attempts: number }) {
  const location = await db.location.findUnique({ where: { id: row.locationId }, select: { webhookSecret: true } });
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  if (!location?.webhookSecret) {
    error = "The location has no webhook secret.";
  } else {
    // Resolved, checked and pinned (lib/net). The log admins read must not be a port scanner's
    // oracle: refused, reset, unreachable and timed out all read the same.
    const outcome = await guardedPost(row.url, {
      policy: webhookPolicy,
      headers: webhookHeaders(location.webhookSecret, row.webhookId, row.payload, started),
      body: row.payload,
      timeoutMs: TIMEOUT_MS,
    });
    if (outcome.kind === "response") {
      statusCode = outcome.status;
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } else {
      error = outcome.kind === "refused" ? "Refused: not a public address" : "Could not connect";
    }
  }
  const finished = Date.now();
  const attempts = row.attempts + 1;
  const delay = error === null ? null : nextAttemptDelay(attempts);
  const status = error === null ? "succeeded" : delay === null || attempts >= MAX_ATTEMPTS ? "failed" : "pending";
  await db.$transaction([
    db.webhookAttempt.create({ data: { deliveryId: row.id, attemptedAt: new Date(started), statusCode, error, durationMs: finished - started } }),
    db.webhookDelivery.update({
      where: { id: row.id },
      data: { attempts, status, lastAttemptAt: new Date(started), nextAttemptAt: new Date(finished + (delay ?? 0)) },
    }),
  ]);
  return error === null;
}

/** Old events, counters, processes and expired idempotency keys go, so the tables stay small. */
async function housekeeping(now: number) {
  await db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.event.deleteMany({ where: { createdAt: { lt: new Date(now - EVENT_RETENTION_MS) } } });
  await db.sendCounter.deleteMany({ where: { day: { lt: new Date(now - COUNTER_RETENTION_MS).toISOString().slice(0, 10) } } });
  await db.appProcess.deleteMany({ where: { heartbeatAt: { lt: new Date(now - COUNTER_RETENTION_MS) } } });
}
