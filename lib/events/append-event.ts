import "server-only";
import { db, type Prisma } from "@/lib/db/client";

export const EVENT_TYPES = ["instance.status_changed", "message.routed", "message.failed"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * One live event, as a query for the same transaction as the change it reports: a stream never
 * shows a change that did not happen, and never misses one that did. Call notifyEvents after
 * the commit (other processes are woken by the database: lib/events/event-wakeups).
 */
export function appendEventOp(locationId: string, type: EventType, data: Record<string, unknown>, tx: Pick<Prisma.TransactionClient, "event"> = db) {
  return tx.event.create({ data: { locationId, type, payload: JSON.stringify(data) }, select: { id: true } });
}
