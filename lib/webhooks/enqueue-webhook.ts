import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@/lib/db/client";
import type { EventType } from "@/lib/events/append-event";

export type WebhookTarget = { locationId: string; webhookUrl: string | null };

/**
 * A pending delivery, as a query for the same transaction as the change it reports (null when
 * the location has no webhook URL). The worker picks it up from the table, so it survives restarts.
 */
export function enqueueWebhookOp(
  target: WebhookTarget,
  type: EventType,
  data: Record<string, unknown>,
  now: Date,
  tx: Pick<Prisma.TransactionClient, "webhookDelivery"> = db,
) {
  if (!target.webhookUrl) return null;
  const webhookId = `msg_${randomUUID().replaceAll("-", "")}`;
  const payload = webhookPayload(type, data, now);
  return tx.webhookDelivery.create({
    data: { locationId: target.locationId, eventType: type, webhookId, url: target.webhookUrl, payload, nextAttemptAt: now },
    select: { id: true },
  });
}

/** The body every receiver gets: { type, timestamp, data } (Standard Webhooks' suggested shape). */
export function webhookPayload(type: EventType, data: Record<string, unknown>, now: Date): string {
  return JSON.stringify({ type, timestamp: now.toISOString(), data });
}
