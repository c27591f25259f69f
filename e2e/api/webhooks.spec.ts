// Outbound webhooks: signed the Standard Webhooks way, verified by a receiver started here on
// loopback (as receiver.test: ./receiver.ts); failed attempts are retried with backoff and every attempt is recorded.
import { Webhook } from "standardwebhooks";
import { expect, POOL, test } from "../support/fixtures";
import { firstDeliveryAttempt, receiver } from "./receiver";

test("instance.status_changed and message.failed are delivered, signed and verifiable", async ({ tenant, db }) => {
  const hook = await receiver([200]);
  try {
    const t = await tenant({ instances: POOL });
    const settings = await (await t.api.patch("/settings", { webhookUrl: hook.url })).json();
    const secret = settings.webhookSecret as string;
    await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "logged_out" });
    const failed = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15551300001", body: "hi {{WA#1}}" })).json();
    await expect.poll(() => hook.received.length, { timeout: 10_000 }).toBe(2);
    const [status, message] = hook.received.map((r) => ({ ...r, json: JSON.parse(r.body) }));
    for (const r of [status, message]) {
      expect(r.headers["webhook-signature"]).toMatch(/^v1,/);
      expect(() => new Webhook(secret).verify(r.body, r.headers)).not.toThrow();
      expect(() => new Webhook(secret).verify(`${r.body} `, r.headers)).toThrow("No matching signature");
    }
    expect(status.json).toMatchObject({
      type: "instance.status_changed",
      data: {
        instanceId: t.instances["whatsapp#1"],
        index: 1,
        phone: "+15550100001",
        from: "connected",
        to: "disconnected",
        reason: "logged_out",
      },
    });
    expect(message.json).toMatchObject({
      type: "message.failed",
      data: {
        messageId: failed.id,
        errorCode: 102,
        errorName: "override_instance_not_connected",
        channel: "whatsapp",
        index: 1,
        phone: "+15550100001",
        contact: { id: failed.id ? expect.any(String) : "", phone: "+15551300001" },
      },
    });
    const deliveries = await db.webhookDelivery.findMany({ where: { locationId: t.id }, include: { attemptsLog: true } });
    await expect.poll(async () => await db.webhookDelivery.count({ where: { locationId: t.id, status: "succeeded" } })).toBe(2);
    expect(deliveries).toHaveLength(2);
  } finally {
    await hook.close();
  }
});

test("a failing receiver is retried with backoff; every attempt is recorded", async ({ tenant, db }) => {
  const hook = await receiver([500, 200]);
  try {
    const t = await tenant({ instances: POOL });
    const pending = await firstDeliveryAttempt(t, db, hook);
    const afterFirst = await db.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } });
    expect(afterFirst.status).toBe("pending");
    expect(afterFirst.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // The retry (5 s later) succeeds, with the same webhook-id so receivers can de-duplicate.
    await expect.poll(() => hook.received.length, { timeout: 15_000 }).toBe(2);
    expect(hook.received[1].headers["webhook-id"]).toBe(hook.received[0].headers["webhook-id"]);
    await expect
      .poll(async () => (await db.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } })).status, { timeout: 5_000 })
      .toBe("succeeded");
    const attempts = await db.webhookAttempt.findMany({ where: { deliveryId: pending.id }, orderBy: { attemptedAt: "asc" } });
    expect(attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    expect(attempts[0].error).toBe("HTTP 500");
  } finally {
    await hook.close();
  }
});

test("webhook gateway: each message is POSTed by the outbox, signed with the location's secret; a refusal fails it and is webhooked", async ({
  tenant,
}) => {
  const gateway = await receiver([202, 400]);
  const hook = await receiver([200]);
  try {
    const t = await tenant({ instances: POOL });
    const settings = await (await t.api.patch("/settings", { webhookUrl: hook.url })).json();
    // No secret of its own: the connection signs with the location's webhook secret.
    for (const key of ["whatsapp#2", "whatsapp#3"]) {
      const patched = await t.api.patch(`/instances/${t.instances[key]}`, { gateway: { kind: "webhook", url: gateway.url } });
      expect(patched.status(), await patched.text()).toBe(200);
    }
    const ok = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15551300002", body: "Order shipped {{WA#3}}" })).json();
    expect(ok.status).toBe("queued");
    await expect.poll(async () => (await (await t.api.get(`/messages/${ok.id}`)).json()).status, { timeout: 10_000 }).toBe("sent");
    expect(gateway.received).toHaveLength(1);
    const posted = gateway.received[0];
    expect(() => new Webhook(settings.webhookSecret).verify(posted.body, posted.headers)).not.toThrow();
    expect(posted.headers["webhook-id"]).toBe(`msg_${ok.id}`);
    expect(JSON.parse(posted.body)).toMatchObject({
      type: "message.send",
      data: { messageId: ok.id, channel: "whatsapp", to: "+15551300002", from: "+15550100003", body: "Order shipped" },
    });
    const refused = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15551300002", body: "second" })).json();
    expect(refused.status).toBe("queued");
    await expect.poll(async () => (await (await t.api.get(`/messages/${refused.id}`)).json()).status, { timeout: 10_000 }).toBe("failed");
    const stored = await (await t.api.get(`/messages/${refused.id}`)).json();
    expect(stored).toMatchObject({ status: "failed", errorCode: "transport_failed", deliveryError: "Gateway answered HTTP 400" });
    // SPEC §3: a final gateway failure is a message.failed webhook too (code transport_failed, the gateway's reason).
    await expect.poll(() => hook.received.length, { timeout: 10_000 }).toBe(1);
    expect(JSON.parse(hook.received[0].body)).toMatchObject({
      type: "message.failed",
      data: {
        messageId: refused.id,
        errorCode: "transport_failed",
        errorName: "transport_failed",
        message: "Gateway answered HTTP 400",
        index: 2,
        contact: { phone: "+15551300002" },
      },
    });
  } finally {
    await gateway.close();
    await hook.close();
  }
});
