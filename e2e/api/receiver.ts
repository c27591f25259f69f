// A webhook receiver (or HTTP gateway) on loopback for the API tests. The server refuses
// loopback URLs (lib/net), so tests address it as `receiver.test`: playwright.config.ts gives the
// e2e server TEST_HOST_MAP=receiver.test=127.0.0.1, the one test-only way through the URL guard.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const RECEIVER_HOST = "receiver.test";

export type Received = { at: number; headers: { id?: string; timestamp?: string; signature?: string }; body: string };

/** Answers each request with the next status (the last one repeats); `hang`: never answers. */
export async function receiver(statuses: number[] | "hang") {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ at: Date.now(), headers: { id: req.headers["webhook-id"] as string, timestamp: req.headers["webhook-timestamp"] as string, signature: req.headers["webhook-signature"] as string }, body });
      if (statuses === "hang") return;
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${RECEIVER_HOST}:${port}/hooks`,
    port,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
