// The `evolution` adapter through the real app (SPEC §6; docs/gateways.md §3, §7): a WhatsApp
// instance connected to a fake Evolution API v2 (e2e/fakes/fake-evolution-api.ts) sends through the
// outbox, takes Evolution's webhooks at its inbound URL, and answers the gateway test. This kind
// also carries the outbox's behaviour over HTTP: a gateway down for the whole window, back within
// it, and a 429 with Retry-After.
import { FakeEvolutionApi } from "../fakes/fake-evolution-api";
import { expect, test } from "../support/fixtures";
import {
  expectDeliveryFailure,
  expectInboundContact,
  fakeGatewayPerTest,
  gatewayTest,
  instanceState,
  messageReaches,
  POLL,
  readMessage,
  sendQueued,
  viaTestHost,
  wrongTokenUrl,
} from "./gateway-harness";
import { receiver } from "./receiver";

const API_KEY = "evo-e2e-key-0123456789";

const gw = fakeGatewayPerTest(
  () => new FakeEvolutionApi({ apiKey: API_KEY, instance: "shop-e2e" }),
  "whatsapp#1",
  (f) => ({ kind: "evolution", url: viaTestHost(f), instance: "shop-e2e", credentials: { apiKey: API_KEY } }),
);
const { connected } = gw;

const sendTexts = () => gw.fake().received(/^\/message\/sendText\//, "POST");

test("a message goes queued → sent through sendText; MESSAGES_UPDATE acks make it delivered, read, or failed", async ({ tenant }) => {
  const { t, inboundUrl, token } = await connected(tenant);
  const id = await sendQueued(t.api, { channel: "whatsapp", phone: "+1 555 140 0001", body: "Order 42 shipped {{WA#1}}" });

  // §3.1: POST {url}/message/sendText/{instance}, header `apikey`, JSON { number: digits, text }.
  await expect.poll(() => sendTexts().length, POLL).toBe(1);
  const [sent] = sendTexts();
  expect(sent.path).toBe("/message/sendText/shop-e2e");
  expect(sent.headers.apikey).toBe(API_KEY);
  expect(JSON.parse(sent.body)).toEqual({ number: "15551400001", text: "Order 42 shipped" });
  await messageReaches(t.api, id, "sent");
  const keyId = gw.fake().messages[0].key.id;

  // A wrong token: 401, the message unchanged.
  const before = await readMessage(t.api, id);
  const refused = await gw.fake().emitMessageUpdate(wrongTokenUrl(inboundUrl, token), keyId, "DELIVERY_ACK");
  expect(refused.status).toBe(401);
  expect(JSON.parse(refused.body).error.code).toBe("unauthorized");
  expect(await readMessage(t.api, id)).toEqual(before);

  // §7.1: DELIVERY_ACK → delivered, READ → read.
  for (const [ack, status] of [
    ["DELIVERY_ACK", "delivered"],
    ["READ", "read"],
  ] as const) {
    const r = await gw.fake().emitMessageUpdate(inboundUrl, keyId, ack);
    expect(JSON.parse(r.body), ack).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect((await readMessage(t.api, id)).status).toBe(status);
  }

  // ERROR → failed, delivery_failed (WhatsApp refused it after Evolution took it).
  const second = await sendQueued(t.api, { channel: "whatsapp", phone: "+15551400001", body: "Second {{WA#1}}" });
  await messageReaches(t.api, second, "sent");
  const failedKey = gw.fake().messages[1].key.id;
  await expectDeliveryFailure(
    t.api,
    second,
    gw.fake().emitMessageUpdate(inboundUrl, failedKey, "ERROR"),
    "WhatsApp reported an error (Evolution status ERROR)",
  );
});

test("CONNECTION_UPDATE and QRCODE_UPDATED move the instance; MESSAGES_UPSERT makes a contact; a wrong token changes nothing", async ({
  tenant,
}) => {
  const { t, id, inboundUrl, token } = await connected(tenant);
  const before = await instanceState(t.api, id);
  const refused = await gw.fake().emitConnectionUpdate(wrongTokenUrl(inboundUrl, token), "close", 401);
  expect(refused.status).toBe(401);
  expect(await instanceState(t.api, id)).toEqual(before);

  // §7.2, one row per event, in the order a real instance goes through them.
  const steps: { name: string; emit: () => Promise<{ status: number }>; status: string; reason: string | null }[] = [
    {
      name: "close 401",
      emit: () => gw.fake().emitConnectionUpdate(inboundUrl, "close", 401),
      status: "disconnected",
      reason: "logged_out",
    },
    { name: "qrcode.updated", emit: () => gw.fake().emitQrCode(inboundUrl), status: "qr_pending", reason: null },
    { name: "connecting", emit: () => gw.fake().emitConnectionUpdate(inboundUrl, "connecting"), status: "connecting", reason: null },
    { name: "open", emit: () => gw.fake().emitConnectionUpdate(inboundUrl, "open"), status: "connected", reason: null },
    {
      name: "close 408",
      emit: () => gw.fake().emitConnectionUpdate(inboundUrl, "close", 408),
      status: "disconnected",
      reason: "transient",
    },
    { name: "connecting again", emit: () => gw.fake().emitConnectionUpdate(inboundUrl, "connecting"), status: "connecting", reason: null },
    { name: "open again", emit: () => gw.fake().emitConnectionUpdate(inboundUrl, "open"), status: "connected", reason: null },
    { name: "close 403", emit: () => gw.fake().emitConnectionUpdate(inboundUrl, "close", 403), status: "disconnected", reason: "banned" },
  ];
  for (const step of steps) {
    expect((await step.emit()).status, step.name).toBe(200);
    expect(await instanceState(t.api, id), step.name).toEqual({ status: step.status, statusReason: step.reason });
  }

  // §3.5: a contact writes (a phone JID, and a LID chat with the phone in remoteJidAlt).
  expect((await gw.fake().emitInbound(inboundUrl, "+15551400002", "Where is my order?")).status).toBe(200);
  await expectInboundContact(t.api, "+15551400002", "Where is my order?", id, "whatsapp");
  expect((await gw.fake().emitInbound(inboundUrl, "+15551400003", "Via LID", { lid: true })).status).toBe(200);
  await expectInboundContact(t.api, "+15551400003", "Via LID", id, "whatsapp");
});

test("the gateway test answers Evolution's words: connected; a wrong API key; an unknown instance", async ({ tenant }) => {
  const { t, id } = await connected(tenant);
  expect(await gatewayTest(t.api, id)).toMatchObject({ ok: true, httpStatus: 200, detail: 'Instance "shop-e2e" is connected to WhatsApp' });
  const url = viaTestHost(gw.fake());
  await t.api.patch(`/instances/${id}`, { gateway: { kind: "evolution", url, instance: "shop-e2e", credentials: { apiKey: "wrong" } } });
  expect(await gatewayTest(t.api, id)).toEqual({ ok: false, httpStatus: 401, detail: "Evolution refused the API key (HTTP 401)" });
  await t.api.patch(`/instances/${id}`, { gateway: { kind: "evolution", url, instance: "other", credentials: { apiKey: API_KEY } } });
  expect(await gatewayTest(t.api, id)).toEqual({
    ok: false,
    httpStatus: 404,
    detail: 'Evolution has no instance named "other" (HTTP 404)',
  });
});

test.describe("the outbox over HTTP", () => {
  test("a gateway down for the whole window: failed with transport_failed and a message.failed webhook", async ({ tenant }) => {
    const hook = await receiver([200]);
    try {
      const { t } = await connected(tenant);
      await t.api.patch("/settings", { webhookUrl: hook.url });
      await gw.fake().stop();
      const id = await sendQueued(t.api, { channel: "whatsapp", phone: "+15551400010", body: "Nobody home {{WA#1}}" });
      // OUTBOX_RETRY_WINDOW is 6 s in the e2e server (E2E_OUTBOX_TIMING).
      const failed = await messageReaches(t.api, id, "failed", 15_000);
      expect(failed.errorCode).toBe("transport_failed");
      expect(failed.deliveryError).toMatch(/gave up/);
      const failures = () =>
        hook.received
          .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> })
          .filter((e) => e.type === "message.failed");
      await expect.poll(() => failures().length, POLL).toBe(1);
      expect(failures()[0].data).toMatchObject({ messageId: id, errorCode: "transport_failed", errorName: "transport_failed", index: 1 });
    } finally {
      await hook.close();
    }
  });

  test("a gateway back within the window: the retried message is sent, once", async ({ tenant, db }) => {
    const { t } = await connected(tenant);
    await gw.fake().stop();
    const id = await sendQueued(t.api, { channel: "whatsapp", phone: "+15551400011", body: "Patience {{WA#1}}" });
    // Two refused attempts, then the gateway comes back on the same port.
    await expect
      .poll(async () => (await db.outboxItem.findUnique({ where: { messageId: id } }))?.attempts ?? 0, POLL)
      .toBeGreaterThanOrEqual(2);
    expect((await readMessage(t.api, id)).status).toBe("queued");
    await gw.fake().start();
    await messageReaches(t.api, id, "sent");
    expect(sendTexts().map((r) => JSON.parse(r.body).text)).toEqual(["Patience"]);
  });

  test("a 429 with Retry-After: the next attempt waits that long, then the message is sent", async ({ tenant }) => {
    const { t } = await connected(tenant);
    gw.fake().misbehave({ kind: "status", status: 429, body: { message: "Too Many Requests" }, headers: { "retry-after": "2" } });
    const id = await sendQueued(t.api, { channel: "whatsapp", phone: "+15551400012", body: "Slow down {{WA#1}}" });
    await messageReaches(t.api, id, "sent");
    const [first, second] = sendTexts();
    expect(sendTexts()).toHaveLength(2);
    // OUTBOX_BACKOFF_MAX is 1 s: only the gateway's Retry-After makes the gap 2 s.
    expect(second.at - first.at).toBeGreaterThanOrEqual(2_000);
    expect(second.at - first.at).toBeLessThan(4_000);
  });
});
