import "server-only";
// One attempt of one webhook delivery, and what it records. The attempt log is read by admins
// (Settings → webhook deliveries), so it must not become a port scanner's oracle: every failure to
// get an HTTP answer — refused, reset, unreachable, timed out, unresolved — reads "Could not
// connect", and a URL the guard refuses (lib/net) reads "Refused: not a public address".
import { db } from "@/lib/db/client";
import type { ClaimedWebhook } from "@/lib/db/send-store";
import { guardedPost, webhookPolicy } from "@/lib/net/guarded-post";
import { MAX_ATTEMPTS, nextAttemptDelay } from "@/lib/webhooks/backoff";
import { webhookHeaders } from "@/lib/webhooks/signing";

const TIMEOUT_MS = 10_000;

const ATTEMPT_ERRORS = {
  unreachable: "Could not connect",
  refused: "Refused: not a public address",
  noSecret: "The location has no webhook secret.",
} as const;

export async function attemptDelivery(row: ClaimedWebhook): Promise<void> {
  const location = await db.location.findUnique({ where: { id: row.locationId }, select: { webhookSecret: true, webhookUrl: true } });
  // The URL was changed or cleared after this delivery was queued (a send that raced the
  // settings change): it is cancelled like the others were, never sent to the old address.
  if (!location || location.webhookUrl !== row.url) {
    await db.webhookDelivery.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "cancelled" } });
    return;
  }
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  if (!location.webhookSecret) {
    error = ATTEMPT_ERRORS.noSecret;
  } else {
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
      error = ATTEMPT_ERRORS[outcome.kind];
    }
  }
  const finished = Date.now();
  const attempts = row.attempts + 1;
  const delay = error === null ? null : nextAttemptDelay(attempts);
  const status = error === null ? "succeeded" : delay === null || attempts >= MAX_ATTEMPTS ? "failed" : "pending";
  await db
    .$transaction([
      db.webhookAttempt.create({
        data: { deliveryId: row.id, attemptedAt: new Date(started), statusCode, error, durationMs: finished - started },
      }),
      // Only a still-pending row moves on: one cancelled during the attempt stays cancelled.
      db.webhookDelivery.updateMany({
        where: { id: row.id, status: "pending" },
        data: { attempts, status, lastAttemptAt: new Date(started), nextAttemptAt: new Date(finished + (delay ?? 0)) },
      }),
    ])
    .catch((e: unknown) => {
      // The location (and its deliveries) was deleted during the attempt: nothing left to record.
      if ((e as { code?: string }).code !== "P2003") throw e;
    });
}
