// A webhook receiver (or HTTP gateway) on loopback for the API tests. The server refuses
// loopback URLs (lib/net), so tests address it as `receiver.test`: playwright.config.ts gives the
// e2e server TEST_HOST_MAP=receiver.test=127.0.0.1, the one test-only way through the URL guard.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Tenant } from "../support/fixtures";
import type { Db } from "../support/tenant";

export const RECEIVER_HOST = "receiver.test";

/** The three Standard Webhooks headers as sent, so `new Webhook(secret).verify(body, headers)` takes them. */
export type Received = { at: number; headers: Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>; body: string };

/** Answers each request with the next status (the last one repeats); `hang`: never answers. */
export async function receiver(statuses: number[] | "hang") {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const header = (name: keyof Received["headers"]) => String(req.headers[name] ?? "");
      const headers = {
        "webhook-id": header("webhook-id"),
        "webhook-timestamp": header("webhook-timestamp"),
        "webhook-signature": header("webhook-signature"),
      };
      received.push({ at: Date.now(), headers, body });
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Points `t`'s webhook at `hook`, reports WA#1 disconnected, and waits until the receiver has the
 * event and its delivery row counts that one attempt: the row, for the test to follow.
 */
export async function firstDeliveryAttempt(t: Tenant, db: Db, hook: { url: string; received: Received[] }) {
  await t.api.patch("/settings", { webhookUrl: hook.url });
  await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "transient" });
  await expect.poll(() => hook.received.length, { timeout: 5_000 }).toBe(1);
  const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { locationId: t.id } });
  await expect
    .poll(async () => (await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).attempts, { timeout: 5_000 })
    .toBe(1);
  return delivery;
}
