import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/events/event-types";

export type WebhookTarget = { locationId: string; webhookUrl: string | null };

/**
 * A pending delivery, as a query for the same transaction as the change it reports (null when
 * the location has no webhook URL). The worker picks it up from the table, so it survives restarts.
 */
export function enqueueWebhookOp(
  target: WebhookTarget,
  event: DomainEvent,
  now: Date,
  tx: Pick<Prisma.TransactionClient, "webhookDelivery"> = db,
) {
  if (!target.webhookUrl) return null;
  return tx.webhookDelivery.create({
    data: { locationId: target.locationId, ...webhookRow(target.webhookUrl, event, now), nextAttemptAt: now },
    select: { id: true },
  });
}

/** A delivery's columns: a fresh webhook id (receivers de-duplicate retries by it) and the body. */
export function webhookRow(url: string, event: DomainEvent, now: Date) {
  return { eventType: event.type, url, webhookId: `msg_${randomUUID().replaceAll("-", "")}`, payload: webhookPayload(event, now) };
}

/** The body every receiver gets: { type, timestamp, data } (Standard Webhooks' suggested shape). */
function webhookPayload(event: DomainEvent, now: Date): string {
  return JSON.stringify({ type: event.type, timestamp: now.toISOString(), data: event.data });
}
