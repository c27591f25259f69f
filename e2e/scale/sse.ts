// A Server-Sent Events reader over fetch for the scale-out tests: every event carries the time it
// arrived (performance.now()), a stream can resume with Last-Event-ID and be dropped at any point.
export type TimedEvent = { id: string | null; event: string; data: string; at: number };

export type EventStream = {
  status: number;
  events: TimedEvent[];
  comments: string[];
  /** Resolves once the server has sent its first bytes (the stream is registered). */
  opened: Promise<void>;
  /** Waits for the first event (from index `from`) that satisfies `match`. */
  waitFor(match: (e: TimedEvent) => boolean, timeoutMs?: number, from?: number): Promise<TimedEvent>;
  close(): Promise<void>;
};

export async function openStream(
  url: string,
  headers: Record<string, string>,
  options: { lastEventId?: string | number | null } = {},
): Promise<EventStream> {
  const controller = new AbortController();
  const requestHeaders: Record<string, string> = { accept: "text/event-stream", ...headers };
  if (options.lastEventId !== undefined && options.lastEventId !== null) requestHeaders["last-event-id"] = String(options.lastEventId);
  const response = await fetch(url, { headers: requestHeaders, signal: controller.signal });
  const events: TimedEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let markOpened = () => {};
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  let ended = false;
  const pump = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        markOpened();
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: TimedEvent = { id: null, event: "message", data: "", at };
          let hasData = false;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line.slice(1).trim());
            else if (line.startsWith("id:")) event.id = line.slice(3).trimStart();
            else if (line.startsWith("event:")) event.event = line.slice(6).trimStart();
            else if (line.startsWith("data:")) {
              event.data += (hasData ? "\n" : "") + line.slice(5).replace(/^ /, "");
              hasData = true;
            }
          }
          if (hasData) events.push(event);
        }
        for (const w of waiters) w();
      }
    } catch {
      // aborted or the server went away
    } finally {
      ended = true;
      markOpened();
      for (const w of waiters) w();
    }
  })();
  return {
    status: response.status,
    events,
    comments,
    opened,
    async waitFor(match, timeoutMs = 5_000, from = 0) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = events.slice(from).find(match);
        if (found) return found;
        const left = deadline - performance.now();
        if (left <= 0 || ended) {
          throw new Error(
            `${ended ? "Stream ended" : `Timed out after ${timeoutMs} ms`} waiting for an event; got ${events.length}: ${JSON.stringify(events.slice(-5).map((e) => ({ id: e.id, event: e.event })))}`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(left, 250));
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
