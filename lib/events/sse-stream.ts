import "server-only";
// GET /events as Server-Sent Events. The Event table is the log: a stream sends every event of
// its location with a seq above the last one it sent, so `Last-Event-ID` resumes without loss
// whether the client was away for a second or an hour, on whichever process it reconnects to.
// Streams of one location share one read per wake-up (lib/events/event-hub).
// A client that stops reading is cut off once it is far behind (its queue would otherwise grow
// without bound); its EventSource reconnects with Last-Event-ID and catches up from the table.
// A stream ends when the access it was opened with ends (lib/events/stream-access): the caller
// passes the grant it authorized and the function that re-checks it.
import "@/lib/events/event-wakeups";
import { type EventRow, subscribe } from "@/lib/events/event-hub";
import { lastEventId } from "@/lib/events/read-events";
import { guardStream, type StreamAccess } from "@/lib/events/stream-access";
import { processSingleton } from "@/lib/process-singleton";

const HEARTBEAT_MS = 15_000;
/** Chunks queued for a client that does not read before the stream is closed. */
const MAX_QUEUED_CHUNKS = 1_000;
const encoder = new TextEncoder();

type Heartbeats = { streams: Set<() => void>; timer: ReturnType<typeof setInterval> | null };
const heartbeats = processSingleton<Heartbeats>("sse-heartbeats", () => ({ streams: new Set(), timer: null }));

export async function eventStreamResponse<G>(request: Request, locationId: string, access: StreamAccess<G>): Promise<Response> {
  const resumeFrom = parseLastEventId(request);
  const cursor = resumeFrom ?? (await lastEventId(locationId));
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        const send = (text: string) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return close();
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        const guard = guardStream(locationId, access, () => {
          send(`: access ended\n\n`);
          close();
        });
        const deliver = (rows: EventRow[]) =>
          guard.deliver(() => send(rows.map((r) => `id: ${r.seq}\nevent: ${r.type}\ndata: ${r.payload}\n\n`).join("")));
        const beat = () => send(`: heartbeat ${new Date().toISOString()}\n\n`);
        // Tell EventSource how soon to reconnect and open the stream before replaying what was missed.
        send(`retry: 2000\n: connected\n\n`);
        const unsubscribe = subscribe(locationId, cursor, deliver);
        heartbeats.streams.add(beat);
        heartbeats.timer ??= setInterval(() => {
          for (const b of heartbeats.streams) b();
        }, HEARTBEAT_MS);
        cleanup = () => {
          unsubscribe();
          guard.release();
          heartbeats.streams.delete(beat);
          if (heartbeats.streams.size === 0 && heartbeats.timer) {
            clearInterval(heartbeats.timer);
            heartbeats.timer = null;
          }
        };
        request.signal.addEventListener("abort", close);
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 1 },
  );

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

function parseLastEventId(request: Request): number | null {
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  if (raw === null || raw.trim() === "") return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id >= 0 ? id : null;
}
