// In-process wake-ups. After a transaction that appended events commits, the writer calls
// notifyEvents(locationId): this process's streams of that location read at once (other
// processes hear of it through the database: lib/events/event-wakeups). The Event table stays
// the source of truth. Webhook deliveries wake this process's worker the same way.
import { EventEmitter } from "node:events";
import { wake } from "@/lib/events/event-hub";
import { processSingleton } from "@/lib/process-singleton";

const emitter = processSingleton("event-notifier", () => new EventEmitter().setMaxListeners(0));

export function notifyEvents(locationId: string): void {
  wake(locationId);
}

/** A webhook delivery was queued: the worker looks at once instead of at its next tick. */
export function notifyWebhooks(): void {
  emitter.emit("webhooks");
}

export function onWebhooksQueued(listener: () => void): () => void {
  emitter.on("webhooks", listener);
  return () => emitter.off("webhooks", listener);
}

/** An outbox item was stored: this process's dispatcher looks at once instead of at its next tick. */
export function notifyOutbox(): void {
  emitter.emit("outbox");
}

export function onOutboxQueued(listener: () => void): () => void {
  emitter.on("outbox", listener);
  return () => emitter.off("outbox", listener);
}
