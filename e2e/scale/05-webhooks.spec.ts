// Background work is claimed: with the webhook worker on in both processes, each delivery is made
// exactly once (SPEC §5).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { generateWebhookSecret } from "@/lib/webhooks/signing";
import { expect, phone, RECEIVER_HOST, test, whatsappPool } from "./fixtures";

const N = 30;

test(`${N} message.failed webhooks from two processes: each webhook-id received exactly once`, async ({ tenant, db }) => {
  const received: { id: string; timestamp: string; signature: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({
        id: String(req.headers["webhook-id"]),
        timestamp: String(req.headers["webhook-timestamp"]),
        signature: String(req.headers["webhook-signature"]),
        body,
      });
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const secret = generateWebhookSecret();
    const url = `http://${RECEIVER_HOST}:${(server.address() as AddressInfo).port}/hooks`;
    const t = await tenant({ instances: whatsappPool(3, "650"), webhook: { url, secret } });
    // {{ WA#9 }} names no instance: error 101, stored, and a message.failed webhook each.
    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        t.api.post(i % 2, "/messages", { channel: "whatsapp", phone: phone("651", i), body: `fail ${i} {{ WA#9 }}` }),
      ),
    );
    for (const r of replies) expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status: 422, code: 101 });
    const messageIds = replies.map((r) => r.body.id as string);
    expect(new Set(messageIds).size).toBe(N);

    await expect.poll(() => received.length, { timeout: 20_000, message: "all webhooks arrive" }).toBeGreaterThanOrEqual(N);
    // A duplicate would come from a second process claiming the same delivery: give it time.
    await new Promise((r) => setTimeout(r, 3_000));
    const ids = received.map((r) => r.id);
    expect(ids.length, `received ${ids.length} requests for ${new Set(ids).size} webhook-ids`).toBe(N);
    expect(new Set(ids).size).toBe(N);
    const signedBy = new Webhook(secret);
    for (const { id, timestamp, signature, body } of received) {
      const headers = { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
      expect(() => signedBy.verify(body, headers)).not.toThrow();
    }
    const payloads = received.map((r) => JSON.parse(r.body));
    expect(payloads.every((p) => p.type === "message.failed" && p.data.errorCode === 101)).toBe(true);
    expect(new Set(payloads.map((p) => p.data.messageId))).toEqual(new Set(messageIds));

    await expect.poll(() => db.webhookDelivery.count({ where: { locationId: t.id, status: "succeeded" } })).toBe(N);
    const deliveries = await db.webhookDelivery.findMany({ where: { locationId: t.id }, include: { attemptsLog: true } });
    expect(deliveries).toHaveLength(N);
    expect(deliveries.map((d) => d.attemptsLog.length)).toEqual(Array(N).fill(1));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
