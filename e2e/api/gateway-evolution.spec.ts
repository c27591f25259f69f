// The `evolution` adapter through the real app (SPEC §6; docs/gateways.md §3, §7): a WhatsApp
// instance connected to a fake Evolution API v2 (e2e/fakes/fake-evolution-api.ts) sends through the
// outbox, takes Evolution's webhooks at its inbound URL, and answers the gateway test. This kind
// also carries the outbox's behaviour over HTTP: a gateway down for the whole window, back within
// it, and a 429 with Retry-After.
import { FakeEvolutionApi } from "../fakes/fake-evolution-api";
import { expect, gatewayKind, POLL, viaTestHost } from "../support/gateway";
import { receiver } from "./receiver";

const API_KEY = "evo-e2e-key-0123456789";

const test = gatewayKind({
  fake: () => new FakeEvolutionApi({ apiKey: API_KEY, instance: "shop-e2e" }),
  instance: "whatsapp#1",
  connection: (f) => ({ kind: "evolution", url: viaTestHost(f), instance: "shop-e2e", credentials: { apiKey: API_KEY } }),
});

const sendTexts = (fake: FakeEvolutionApi) => fake.received(/^\/message\/sendText\//, "POST");

test("a message goes queued → sent through sendText; MESSAGES_UPDATE acks make it delivered, read, or failed", async ({
  fake,
  gateway: gw,
}) => {
  const id = await gw.send({ channel: "whatsapp", phone: "+1 555 140 0001", body: "Order 42 shipped {{WA#1}}" });

  // §3.1: POST {url}/message/sendText/{instance}, header `apikey`, JSON { number: digits, text }.
  await expect.poll(() => sendTexts(fake).length, POLL).toBe(1);
  const [sent] = sendTexts(fake);
  expect(sent.path).toBe("/message/sendText/shop-e2e");
  expect(sent.headers.apikey).toBe(API_KEY);
  expect(JSON.parse(sent.body)).toEqual({ number: "15551400001", text: "Order 42 shipped" });
  await gw.reaches(id, "sent");
  const keyId = fake.messages[0].key.id;

  await gw.expectRefused(
    () => fake.emitMessageUpdate(gw.wrongTokenUrl, keyId, "DELIVERY_ACK"),
    () => gw.read(id),
  );
  // §7.1: DELIVERY_ACK → delivered, READ → read.
  await gw.expectApplied(id, fake.emitMessageUpdate(gw.inboundUrl, keyId, "DELIVERY_ACK"), "delivered");
  await gw.expectApplied(id, fake.emitMessageUpdate(gw.inboundUrl, keyId, "READ"), "read");

  // ERROR → failed, delivery_failed (WhatsApp refused it after Evolution took it).
  const second = await gw.sent({ channel: "whatsapp", phone: "+15551400001", body: "Second {{WA#1}}" });
  const error = fake.emitMessageUpdate(gw.inboundUrl, fake.messages[1].key.id, "ERROR");
  await gw.expectDeliveryFailure(second, error, "WhatsApp reported an error (Evolution status ERROR)");
});

test("CONNECTION_UPDATE and QRCODE_UPDATED move the instance; MESSAGES_UPSERT makes a contact; a wrong token changes nothing", async ({
  fake,
  gateway: gw,
}) => {
  await gw.expectRefused(() => fake.emitConnectionUpdate(gw.wrongTokenUrl, "close", 401));

  // §7.2, one row per event, in the order a real instance goes through them.
  const url = gw.inboundUrl;
  const steps: { name: string; emit: () => Promise<{ status: number }>; status: string; reason: string | null }[] = [
    { name: "close 401", emit: () => fake.emitConnectionUpdate(url, "close", 401), status: "disconnected", reason: "logged_out" },
    { name: "qrcode.updated", emit: () => fake.emitQrCode(url), status: "qr_pending", reason: null },
    { name: "connecting", emit: () => fake.emitConnectionUpdate(url, "connecting"), status: "connecting", reason: null },
    { name: "open", emit: () => fake.emitConnectionUpdate(url, "open"), status: "connected", reason: null },
    { name: "close 408", emit: () => fake.emitConnectionUpdate(url, "close", 408), status: "disconnected", reason: "transient" },
    { name: "connecting again", emit: () => fake.emitConnectionUpdate(url, "connecting"), status: "connecting", reason: null },
    { name: "open again", emit: () => fake.emitConnectionUpdate(url, "open"), status: "connected", reason: null },
    { name: "close 403", emit: () => fake.emitConnectionUpdate(url, "close", 403), status: "disconnected", reason: "banned" },
  ];
  for (const step of steps) {
    expect((await step.emit()).status, step.name).toBe(200);
    expect(await gw.state(), step.name).toEqual({ status: step.status, statusReason: step.reason });
  }

  // §3.5: a contact writes (a phone JID, and a LID chat with the phone in remoteJidAlt).
  expect((await fake.emitInbound(url, "+15551400002", "Where is my order?")).status).toBe(200);
  await gw.expectInboundContact("+15551400002", "Where is my order?", "whatsapp");
  expect((await fake.emitInbound(url, "+15551400003", "Via LID", { lid: true })).status).toBe(200);
  await gw.expectInboundContact("+15551400003", "Via LID", "whatsapp");
});

test("the gateway test answers Evolution's words: connected; a wrong API key; an unknown instance", async ({ gateway: gw }) => {
  await gw.expectTestAnswers('Instance "shop-e2e" is connected to WhatsApp', [
    { over: { credentials: { apiKey: "wrong" } }, httpStatus: 401, detail: "Evolution refused the API key (HTTP 401)" },
    { over: { instance: "other" }, httpStatus: 404, detail: 'Evolution has no instance named "other" (HTTP 404)' },
  ]);
});

test.describe("the outbox over HTTP", () => {
  test("a gateway down for the whole window: failed with transport_failed and a message.failed webhook", async ({ fake, gateway: gw }) => {
    const hook = await receiver([200]);
    try {
      await gw.api.patch("/settings", { webhookUrl: hook.url });
      await fake.stop();
      const id = await gw.send({ channel: "whatsapp", phone: "+15551400010", body: "Nobody home {{WA#1}}" });
      // OUTBOX_RETRY_WINDOW is 6 s in the e2e server (E2E_OUTBOX_TIMING).
      const failed = await gw.reaches(id, "failed", 15_000);
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

  test("a gateway back within the window: the retried message is sent, once", async ({ fake, gateway: gw, db }) => {
    await fake.stop();
    const id = await gw.send({ channel: "whatsapp", phone: "+15551400011", body: "Patience {{WA#1}}" });
    // Two refused attempts, then the gateway comes back on the same port.
    await expect
      .poll(async () => (await db.outboxItem.findUnique({ where: { messageId: id } }))?.attempts ?? 0, POLL)
      .toBeGreaterThanOrEqual(2);
    expect((await gw.read(id)).status).toBe("queued");
    await fake.start();
    await gw.reaches(id, "sent");
    expect(sendTexts(fake).map((r) => JSON.parse(r.body).text)).toEqual(["Patience"]);
  });

  test("a 429 with Retry-After: the next attempt waits that long, then the message is sent", async ({ fake, gateway: gw }) => {
    fake.misbehave({ kind: "status", status: 429, body: { message: "Too Many Requests" }, headers: { "retry-after": "2" } });
    await gw.sent({ channel: "whatsapp", phone: "+15551400012", body: "Slow down {{WA#1}}" });
    const [first, second] = sendTexts(fake);
    expect(sendTexts(fake)).toHaveLength(2);
    // OUTBOX_BACKOFF_MAX is 1 s: only the gateway's Retry-After makes the gap 2 s.
    expect(second.at - first.at).toBeGreaterThanOrEqual(2_000);
    expect(second.at - first.at).toBeLessThan(4_000);
  });
});
