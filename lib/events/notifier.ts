// In-process wake-up for live streams: after a transaction that appended events commits, the
// writer calls notifyEvents(locationId) and every open SSE stream of that location reads the
// table again at once. The table stays the source of truth (lossless resume by id); this only
// saves polling. Kept on globalThis: Next.js may load this module once per bundle layer.
import { EventEmitter } from "node:events";

const store = globalThis as unknown as { __nrEvents?: EventEmitter };
const emitter = (store.__nrEvents ??= Object.assign(new EventEmitter(), {}).setMaxListeners(0));

export function notifyEvents(locationId: string): void {
  emitter.emit(locationId);
}

/** A webhook delivery was queued: the worker looks at once instead of at its next tick. */
export function notifyWebhooks(): void {
  emitter.emit("webhooks");
}

export function onEvents(locationId: string, listener: () => void): () => void {
  emitter.on(locationId, listener);
  return () => emitter.off(locationId, listener);
}

export function onWebhooksQueued(listener: () => void): () => void {
  emitter.on("webhooks", listener);
  return () => emitter.off("webhooks", listener);
}
