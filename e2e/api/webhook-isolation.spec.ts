// Issue 9 finding 6: one location's webhooks never wait for another's slow receiver, and changing
// or clearing a webhook URL stops the pending deliveries (retries included) to the old one.
import { expect, POOL, test } from "../support/fixtures";
import { firstDeliveryAttempt, receiver } from "./receiver";

test("a receiver that hangs for 10 s does not delay another location's webhook", async ({ tenant }) => {
  const slow = await receiver("hang");
  const fast = await receiver([200]);
  try {
    const a = await tenant({ instances: POOL });
    const b = await tenant({ instances: POOL });
    await a.api.patch("/settings", { webhookUrl: slow.url });
    await b.api.patch("/settings", { webhookUrl: fast.url });
    // Several of A's deliveries in flight at once (its receiver answers none of them) …
    for (const key of ["whatsapp#1", "whatsapp#2", "whatsapp#3", "imessage#1", "sms#1"]) {
      await a.api.post(`/instances/${a.instances[key]}/status`, { status: "disconnected", reason: "transient" });
    }
    await expect.poll(() => slow.received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    // … then B's event: it is delivered within 2 s, not after A's 10 s timeouts.
    const sent = Date.now();
    await b.api.post(`/instances/${b.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "transient" });
    await expect.poll(() => fast.received.length, { timeout: 2_000 }).toBe(1);
    expect(fast.received[0].at - sent).toBeLessThan(2_000);
  } finally {
    await Promise.all([slow.close(), fast.close()]);
  }
});

for (const change of ["cleared", "changed"] as const) {
  test(`a webhook URL ${change}: the pending retries to the old one stop`, async ({ tenant, db }) => {
    const failing = await receiver([500]);
    const other = await receiver([200]);
    try {
      const t = await tenant({ instances: POOL });
      const delivery = await firstDeliveryAttempt(t, db, failing);

      const patched = await t.api.patch("/settings", { webhookUrl: change === "cleared" ? null : other.url });
      expect(patched.status()).toBe(200);
      expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("cancelled");
      // The first retry was due 5 s after the first attempt: wait past it.
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      expect(failing.received).toHaveLength(1);
      expect(other.received).toHaveLength(0);
      expect(await db.webhookAttempt.count({ where: { deliveryId: delivery.id } })).toBe(1);
    } finally {
      await Promise.all([failing.close(), other.close()]);
    }
  });
}
