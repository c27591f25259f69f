// The outbox on a real database file (SPEC §6): sends through the send queue to an instance whose
// gateway is a fake of our own `webhook` kind on loopback, delivered by the dispatcher of this
// process. The Vitest setup gives the outbox a 6 s retry window and at most 1 s between attempts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeWebhookGateway } from "@/e2e/fakes/fake-webhook-gateway";
import { connectWebhookGateway, type SendingLocation, send, sendingLocation } from "@/e2e/support/vitest/sending-location";
import { db } from "@/lib/db/client";
import { startDispatcher } from "@/lib/delivery/dispatcher";
import { updateSettings } from "@/lib/settings/update-settings";

const gateway = new FakeWebhookGateway("a-shared-secret-of-the-gateway");
let dispatcher: ReturnType<typeof startDispatcher>;

beforeAll(async () => {
  await gateway.start();
  dispatcher = startDispatcher();
});
afterAll(async () => {
  dispatcher.stop();
  await gateway.stop();
});
afterEach(async () => {
  if (!gatewayRunning()) await gateway.start();
  gateway.clear();
  gateway.sends.length = 0;
});

let running = true;
const gatewayRunning = () => running;
async function gatewayDown() {
  running = false;
  await gateway.stop();
}
async function gatewayUp() {
  running = true;
  await gateway.start();
}

/** Connects the location's instances to the fake gateway (our webhook kind, signed). */
async function connected(
  options: { whatsapp?: number; defaultIndex?: number; pacing?: { minIntervalSeconds?: number; hourlyLimit?: number } } = {},
) {
  const to = await sendingLocation({ whatsapp: options.whatsapp ?? 1, defaultIndex: "defaultIndex" in options ? options.defaultIndex : 1 });
  for (const instance of to.instances) {
    await connectWebhookGateway(instance.id, `${gateway.url}/send`, { secret: "a-shared-secret-of-the-gateway", pacing: options.pacing });
  }
  await db.location.update({
    where: { id: to.locationId },
    data: { webhookUrl: "https://hooks.example.com/nr", webhookSecret: "whsec_dGVzdA==" },
  });
  return to;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const message = (id: string) =>
  db.message.findUniqueOrThrow({
    where: { id },
    select: { status: true, providerMessageId: true, errorName: true, deliveryError: true, sentAt: true, instanceId: true },
  });
const timeline = (id: string) =>
  db.messageStatusChange.findMany({
    where: { messageId: id },
    orderBy: { at: "asc" },
    select: { status: true, source: true, detail: true },
  });
const eventsOf = async (to: SendingLocation) =>
  (await db.event.findMany({ where: { locationId: to.locationId }, orderBy: { seq: "asc" }, select: { type: true, payload: true } })).map(
    (e) => ({ type: e.type, data: JSON.parse(e.payload) as Record<string, unknown> }),
  );

describe("the outbox", () => {
  it("answers queued at commit, then the dispatcher hands the message to the gateway and records sent", async () => {
    const to = await connected();
    const result = await send(to, { body: "Your order has shipped" });
    expect(result.status).toBe(201);
    expect(result.body.status).toBe("queued");
    const row = await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
    );
    expect(gateway.sends).toHaveLength(1);
    expect(gateway.sends[0]).toMatchObject({ messageId: result.messageId, to: to.contact.phone, body: "Your order has shipped" });
    expect(gateway.sends[0].webhookId).toBe(`msg_${result.messageId}`);
    expect(row.providerMessageId).toBe(gateway.sends[0].providerMessageId);
    expect(gateway.badSignatures).toHaveLength(0);
    expect((await timeline(result.messageId)).map((c) => [c.status, c.source])).toEqual([["sent", "dispatcher"]]);
    const events = await eventsOf(to);
    expect(events.map((e) => e.type)).toEqual(["message.routed", "message.status_changed"]);
    expect(events[0].data.status).toBe("queued");
    expect(events[1].data).toMatchObject({ messageId: result.messageId, from: "queued", to: "sent" });
    const item = await db.outboxItem.findUniqueOrThrow({ where: { messageId: result.messageId } });
    expect(item).toMatchObject({ state: "done", leaseOwner: null });
  });

  it("a gateway that stays down: retried, then failed with transport_failed, the webhook queued and health lowered", async () => {
    const to = await connected();
    await gatewayDown();
    const result = await send(to);
    const row = await until(
      () => message(result.messageId),
      (m) => m.status === "failed",
      20_000,
    );
    expect(row).toMatchObject({ status: "failed", errorName: "transport_failed" });
    expect(row.deliveryError).toMatch(/unreachable|gave up/i);
    const item = await db.outboxItem.findUniqueOrThrow({ where: { messageId: result.messageId } });
    expect(item.state).toBe("failed");
    expect(item.attempts).toBeGreaterThan(1);
    const events = await eventsOf(to);
    expect(events.map((e) => e.type)).toEqual(["message.routed", "message.status_changed", "message.failed"]);
    expect(events[2].data).toMatchObject({ errorCode: "transport_failed", errorName: "transport_failed" });
    const hooks = await db.webhookDelivery.findMany({ where: { locationId: to.locationId }, select: { eventType: true } });
    expect(hooks.map((h) => h.eventType)).toEqual(["message.failed"]);
    const instance = await db.instance.findUniqueOrThrow({ where: { id: to.instances[0].id } });
    expect(instance.healthScore).toBe(90);
  }, 30_000);

  it("a gateway back within the window: the message goes out once", async () => {
    const to = await connected();
    await gatewayDown();
    const result = await send(to);
    await until(
      () => db.outboxItem.findUniqueOrThrow({ where: { messageId: result.messageId } }),
      (i) => i.attempts >= 1,
    );
    await gatewayUp();
    const row = await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
    );
    expect(row.status).toBe("sent");
    expect(gateway.sends.map((s) => s.messageId)).toEqual([result.messageId]);
  });

  it("a timeout after the gateway took it: asked, not resent blindly — the receiver sees it once", async () => {
    const to = await connected();
    gateway.misbehave({ kind: "hang_after_processing" });
    const result = await send(to);
    const row = await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
      25_000,
    );
    expect(row.status).toBe("sent");
    // The second request carried the same webhook-id, so the receiver kept one send.
    expect(gateway.received(/^\/send$/).map((r) => r.headers["webhook-id"])).toEqual([
      `msg_${result.messageId}`,
      `msg_${result.messageId}`,
    ]);
    expect(gateway.sends).toHaveLength(1);
  }, 30_000);

  it("429 with Retry-After: the next attempt waits that long", async () => {
    const to = await connected();
    gateway.misbehave({ kind: "status", status: 429, headers: { "retry-after": "2" }, body: { message: "slow down" } });
    const result = await send(to);
    await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
    );
    const attempts = gateway.received(/^\/send$/);
    expect(attempts).toHaveLength(2);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(2_000);
  });

  it("a 4xx refusal fails the message at once, with the gateway's words", async () => {
    const to = await connected();
    gateway.misbehave({ kind: "status", status: 400, body: { message: "number is not on WhatsApp" } });
    const result = await send(to);
    const row = await until(
      () => message(result.messageId),
      (m) => m.status === "failed",
    );
    expect(row.deliveryError).toBe("Gateway answered HTTP 400: number is not on WhatsApp");
    expect(gateway.received(/^\/send$/)).toHaveLength(1);
  });

  it("a replay of the same send answers the same queued response, whatever the message became since", async () => {
    const to = await connected();
    const record = await db.idempotencyRecord.create({
      data: { locationId: to.locationId, key: "k1", requestHash: "h", state: "in_flight", expiresAt: new Date(Date.now() + 60_000) },
    });
    const result = await send(to, { idempotencyRecordId: record.id });
    await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
    );
    const stored = await db.idempotencyRecord.findUniqueOrThrow({ where: { id: record.id } });
    expect(JSON.parse(stored.responseBody!)).toMatchObject({ id: result.messageId, status: "queued" });
  });
});

describe("pacing", () => {
  it("20 messages to one number with a 2 s minimum interval leave at least 2 s apart", async () => {
    const to = await connected({ pacing: { minIntervalSeconds: 2 } });
    const results = await Promise.all(Array.from({ length: 20 }, () => send(to)));
    await until(
      async () => gateway.sends.length,
      (n) => n === 20,
      60_000,
    );
    const times = gateway.received(/^\/send$/).map((r) => r.at);
    expect(times).toHaveLength(20);
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(2_000);
    // The slots were given when the messages were decided, 2 s apart.
    const slots = await db.outboxItem.findMany({
      where: { messageId: { in: results.map((r) => r.messageId) } },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    });
    for (let k = 1; k < slots.length; k++) {
      expect(slots[k].nextAttemptAt.getTime() - slots[k - 1].nextAttemptAt.getTime()).toBeGreaterThanOrEqual(2_000);
    }
  }, 75_000);

  it("an hourly cap takes the number out of rotation; an explicit choice waits for the next hour with a warning", async () => {
    // No default: every send goes to rotation (rule 6).
    const to = await connected({ whatsapp: 2, defaultIndex: undefined });
    await db.instance.update({ where: { id: to.instances[0].id }, data: { pacingOverride: true, pacingHourlyLimit: 2 } });
    const picked: number[] = [];
    for (let k = 0; k < 6; k++) {
      const { decision } = await send(to);
      picked.push(decision.ok ? decision.instance.index : 0);
    }
    expect(picked.filter((i) => i === 1)).toHaveLength(2);
    expect(picked.filter((i) => i === 2)).toHaveLength(4);
    const forced = await send(to, { body: "Hi {{WA#1}}" });
    expect(forced.decision.ok && forced.decision.instance.index).toBe(1);
    const warnings = forced.decision.warnings.map((w) => w.code);
    expect(warnings).toContain("paced");
    const item = await db.outboxItem.findUniqueOrThrow({ where: { messageId: forced.messageId } });
    const nextHour = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000;
    expect(item.nextAttemptAt.getTime()).toBe(nextHour);
    expect((await message(forced.messageId)).status).toBe("queued");
  });

  it("a record-only instance's message is sent at once, with no outbox item", async () => {
    const to = await sendingLocation({ whatsapp: 1, defaultIndex: 1 });
    const result = await send(to);
    expect(result.body.status).toBe("sent");
    expect(await db.outboxItem.count({ where: { messageId: result.messageId } })).toBe(0);
    expect((await message(result.messageId)).sentAt).not.toBeNull();
  });
});

describe("send window", () => {
  const hh = (h: number) => String((new Date().getUTCHours() + h + 24) % 24).padStart(2, "0");
  /** A window that opens `inHours` from now (UTC, every day, on the hour) and closes an hour later. */
  function opensIn(inHours: number) {
    return { timezone: "UTC", days: [1, 2, 3, 4, 5, 6, 7], start: `${hh(inHours)}:00`, end: `${hh(inHours + 1)}:00` };
  }
  const closedNow = () => opensIn(2);
  const opening = (inHours = 2) => {
    const next = new Date();
    next.setUTCHours(next.getUTCHours() + inHours, 0, 0, 0);
    return next.getTime();
  };
  const changeWindow = (to: SendingLocation, sendWindow: ReturnType<typeof opensIn> | null) =>
    updateSettings({ ctx: to.ctx, input: { sendWindow } });
  const itemOf = (messageId: string) => db.outboxItem.findUniqueOrThrow({ where: { messageId } });

  it("outside the window a message is scheduled at its opening, record-only numbers too; released, it is sent", async () => {
    const to = await sendingLocation({ whatsapp: 1, defaultIndex: 1 });
    await db.location.update({ where: { id: to.locationId }, data: { sendWindow: JSON.stringify(closedNow()) } });
    const result = await send(to);
    expect(result.body.status).toBe("scheduled");
    const item = await db.outboxItem.findUniqueOrThrow({ where: { messageId: result.messageId } });
    expect(item.nextAttemptAt.getTime()).toBe(opening());
    expect((await message(result.messageId)).status).toBe("scheduled");
    // The clock reaches the opening (the item falls due): the dispatcher releases it.
    await db.outboxItem.update({ where: { id: item.id }, data: { nextAttemptAt: new Date() } });
    dispatcher.pump();
    const row = await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
    );
    expect(row.sentAt).not.toBeNull();
    expect((await timeline(result.messageId)).map((c) => c.status)).toEqual(["sent"]);
  });

  it("a gateway number's scheduled message goes to the gateway when released", async () => {
    const to = await connected();
    await db.location.update({ where: { id: to.locationId }, data: { sendWindow: JSON.stringify(closedNow()) } });
    const result = await send(to);
    expect(result.body.status).toBe("scheduled");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gateway.sends).toHaveLength(0);
    await db.outboxItem.update({ where: { messageId: result.messageId }, data: { nextAttemptAt: new Date() } });
    dispatcher.pump();
    await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
    );
    expect(gateway.sends.map((s) => s.messageId)).toEqual([result.messageId]);
  });

  it("a reply to a contact who wrote in the last 24 hours goes at once", async () => {
    const to = await sendingLocation({ whatsapp: 1, defaultIndex: 1 });
    await db.location.update({ where: { id: to.locationId }, data: { sendWindow: JSON.stringify(closedNow()) } });
    await db.inboundMessage.create({
      data: {
        locationId: to.locationId,
        channel: "whatsapp",
        contactId: to.contact.id,
        instanceId: to.instances[0].id,
        body: "Is it shipped?",
        receivedAt: new Date(Date.now() - 23 * 3_600_000),
      },
    });
    const result = await send(to);
    expect(result.body.status).toBe("sent");
    expect(await db.outboxItem.count({ where: { messageId: result.messageId } })).toBe(0);
  });

  it("a window change re-times a scheduled message: earlier, then later, each noted on its timeline", async () => {
    const to = await sendingLocation({ whatsapp: 1, defaultIndex: 1 });
    await changeWindow(to, opensIn(2));
    const result = await send(to);
    expect(result.body.status).toBe("scheduled");
    expect((await itemOf(result.messageId)).nextAttemptAt.getTime()).toBe(opening(2));
    await changeWindow(to, opensIn(1));
    expect((await itemOf(result.messageId)).nextAttemptAt.getTime()).toBe(opening(1));
    await changeWindow(to, opensIn(5));
    expect((await itemOf(result.messageId)).nextAttemptAt.getTime()).toBe(opening(5));
    expect((await message(result.messageId)).status).toBe("scheduled");
    expect(await timeline(result.messageId)).toEqual([
      {
        status: "scheduled",
        source: "system",
        detail: `Rescheduled: the send window changed; it leaves at ${new Date(opening(1)).toISOString()}`,
      },
      {
        status: "scheduled",
        source: "system",
        detail: `Rescheduled: the send window changed; it leaves at ${new Date(opening(5)).toISOString()}`,
      },
    ]);
    // The same window saved again moves nothing.
    await changeWindow(to, opensIn(5));
    expect(await timeline(result.messageId)).toHaveLength(2);
  });

  it("clearing the window releases a scheduled message now; a window open now does too", async () => {
    const to = await connected();
    await changeWindow(to, closedNow());
    const first = await send(to);
    const second = await send(to);
    expect([first.body.status, second.body.status]).toEqual(["scheduled", "scheduled"]);
    await changeWindow(to, null);
    const row = await until(
      () => message(first.messageId),
      (m) => m.status === "sent",
    );
    expect(row.status).toBe("sent");
    expect((await timeline(first.messageId)).map((c) => [c.status, c.source])).toEqual([
      ["scheduled", "system"],
      ["sent", "dispatcher"],
    ]);
    expect((await timeline(first.messageId))[0].detail).toBe("Rescheduled: the send window changed; it leaves now");
    expect(gateway.sends.map((s) => s.messageId).sort()).toEqual([first.messageId, second.messageId].sort());

    await changeWindow(to, closedNow());
    const third = await send(to);
    expect(third.body.status).toBe("scheduled");
    await changeWindow(to, { ...opensIn(-1), end: `${hh(1)}:00` });
    await until(
      () => message(third.messageId),
      (m) => m.status === "sent",
    );
  });

  it("a message already released is not touched by a later window change", async () => {
    const to = await sendingLocation({ whatsapp: 1, defaultIndex: 1 });
    await changeWindow(to, closedNow());
    const result = await send(to);
    await db.outboxItem.update({ where: { messageId: result.messageId }, data: { nextAttemptAt: new Date() } });
    dispatcher.pump();
    await until(
      () => message(result.messageId),
      (m) => m.status === "sent",
    );
    const before = await itemOf(result.messageId);
    await changeWindow(to, opensIn(4));
    await changeWindow(to, null);
    expect(await itemOf(result.messageId)).toEqual(before);
    expect((await timeline(result.messageId)).map((c) => c.status)).toEqual(["sent"]);
  });
});
