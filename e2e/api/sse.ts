// A tiny Server-Sent Events reader over fetch, for tests (Playwright's request API waits for the
// whole body, which an event stream never ends).
export type SseEvent = { id: string | null; event: string; data: string };

export async function openEvents(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters: (() => void)[] = [];
  let buffer = "";
  const pump = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { id: null, event: "message", data: "" };
          let hasData = false;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line.slice(1).trim());
            else if (line.startsWith("id: ")) event.id = line.slice(4);
            else if (line.startsWith("event: ")) event.event = line.slice(7);
            else if (line.startsWith("data: ")) {
              event.data += line.slice(6);
              hasData = true;
            }
          }
          if (hasData) events.push(event);
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: response.status,
    /** Resolves when the server ends the stream (or it is aborted). */
    ended: pump,
    /** Milliseconds until the server ended the stream, or null if it was still open after `timeout`. */
    async endsWithin(timeout: number): Promise<number | null> {
      const start = Date.now();
      const ended = await Promise.race([pump.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), timeout))]);
      return ended ? Date.now() - start : null;
    },
    headers: response.headers,
    events,
    comments,
    /** Waits until `count` events have arrived (or fails after `timeout` ms). */
    async waitFor(count: number, timeout = 5_000): Promise<SseEvent[]> {
      const deadline = Date.now() + timeout;
      while (events.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Timed out waiting for ${count} events; got ${events.length}: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, Math.min(left, 250));
        });
      }
      return events.slice(0, count);
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
