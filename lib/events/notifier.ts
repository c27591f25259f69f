// In-process wake-up for live streams: after a transaction that appended events commits, the
// writer calls notifyEvents(locationId) and every open SSE stream of that location reads the
// table again at once. The table stays the source of truth (lossless resume by id); this only
// saves polling. Kept on globalThis: Next.js may load this module once per bundle layer.
import { EventEmitter } from "node:events";

const store = globalThis as unknown as { __nrEvents?: EventEmitter };
const emitter = (store.__nrEvents ??= Object.assign(new EventEmitter(), {}).setMaxListeners(0));

export function notifyEvents(locationId: string): void {
  emitter.emit(locationId);
  emitter.emit("*", locationId);
}

export function onEvents(locationId: string, listener: () => void): () => void {
  emitter.on(locationId, listener);
  return () => emitter.off(locationId, listener);
}

/** Any location's events (the webhook worker wakes on these). */
export function onAnyEvents(listener: (locationId: string) => void): () => void {
  emitter.on("*", listener);
  return () => emitter.off("*", listener);
}
