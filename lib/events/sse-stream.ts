import "server-only";
// GET /events as Server-Sent Events. The Event table is the log: a stream sends every event of
// its location with id > the last one it sent, so `Last-Event-ID` resumes without loss whether
// the client was away for a second or an hour. Writers wake streams through the notifier; a
// slow poll covers writes from other processes (the CLI, another app process).
import { onEvents } from "@/lib/events/notifier";
import { lastEventId, readEventsAfter } from "@/lib/events/read-events";

const HEARTBEAT_MS = 15_000;
const POLL_MS = 2_000;
const encoder = new TextEncoder();

export async function eventStreamResponse(request: Request, locationId: string): Promise<Response> {
  const resumeFrom = parseLastEventId(request);
  let cursor = resumeFrom ?? (await lastEventId(locationId));
  let closed = false;
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let pending = false;
      let reading = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const pump = async () => {
        if (reading) {
          pending = true;
          return;
        }
        reading = true;
        try {
          do {
            pending = false;
            for (;;) {
              const rows = await readEventsAfter(locationId, cursor);
              for (const row of rows) {
                send(`id: ${row.id}\nevent: ${row.type}\ndata: ${row.payload}\n\n`);
                cursor = row.id;
              }
              if (rows.length < 500 || closed) break;
            }
          } while (pending && !closed);
        } catch (error) {
          console.error("[sse] read failed:", error);
        } finally {
          reading = false;
        }
      };
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
      const off = onEvents(locationId, () => void pump());
      const heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
      const poll = setInterval(() => void pump(), POLL_MS);
      cleanup = () => {
        off();
        clearInterval(heartbeat);
        clearInterval(poll);
      };
      request.signal.addEventListener("abort", close);
      // Tell EventSource how soon to reconnect, open the stream, then replay what was missed.
      send(`retry: 2000\n: connected\n\n`);
      void pump();
    },
    cancel() {
      closed = true;
      cleanup();
    },
  });

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
