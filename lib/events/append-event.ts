import "server-only";
import { db, type Prisma } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/events/event-types";

/** An event as the Event table stores it: its type, and its data as the stream's JSON payload. */
export function eventRow(event: DomainEvent): { type: DomainEvent["type"]; payload: string } {
  return { type: event.type, payload: JSON.stringify(event.data) };
}

/**
 * One live event, as a query for the same transaction as the change it reports: a stream never
 * shows a change that did not happen, and never misses one that did. Call notifyEvents after
 * the commit (other processes are woken by the database: lib/events/event-wakeups).
 */
export function appendEventOp(locationId: string, event: DomainEvent, tx: Pick<Prisma.TransactionClient, "event"> = db) {
  return tx.event.create({ data: { locationId, ...eventRow(event) }, select: { id: true } });
}
