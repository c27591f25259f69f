// The `waha` adapter through the real app (SPEC §6; docs/gateways.md §4, §7): a WhatsApp instance
// connected to a fake WAHA (e2e/fakes/fake-waha.ts) sends through the outbox, takes WAHA's webhooks
// at its inbound URL, and answers the gateway test.
import { FakeWaha } from "../fakes/fake-waha";
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

const API_KEY = "waha-e2e-key-0123456789";

const gw = fakeGatewayPerTest(
  () => new FakeWaha({ apiKey: API_KEY }),
  "whatsapp#1",
  (f) => ({ kind: "waha", url: viaTestHost(f), session: "default", credentials: { apiKey: API_KEY } }),
);
const { connected } = gw;

const sendTexts = () => gw.fake().received(/^\/api\/sendText$/, "POST");

for (const engine of ["NOWEB", "WEBJS"] as const) {
  test(`${engine}: a message goes queued → sent through sendText; message.ack makes it delivered, read, or failed`, async ({ tenant }) => {
    gw.fake().engine = engine;
    const { t, inboundUrl, token } = await connected(tenant);
    const id = await sendQueued(t.api, { channel: "whatsapp", phone: "+1 555 150 0001", body: "Order 42 shipped {{WA#1}}" });

    // §4.1: POST {url}/api/sendText, header X-Api-Key, JSON { session, chatId: <digits>@c.us, text }.
    await expect.poll(() => sendTexts().length, POLL).toBe(1);
    const [sent] = sendTexts();
    expect(sent.headers["x-api-key"]).toBe(API_KEY);
    expect(JSON.parse(sent.body)).toEqual({ session: "default", chatId: "15551500001@c.us", text: "Order 42 shipped" });
    await messageReaches(t.api, id, "sent");
    // The provider id is WAHA's serialized id (`true_<chat>_<id>`), whichever engine answered: the acks name it.
    const wahaId = gw.fake().messages[0].id;

    const before = await readMessage(t.api, id);
    const refused = await gw.fake().emitAck(wrongTokenUrl(inboundUrl, token), wahaId, 2);
    expect(refused.status).toBe(401);
    expect(await readMessage(t.api, id)).toEqual(before);

    // §7.1: 2 DEVICE → delivered, 3 READ → read.
    for (const [ack, status] of [
      [2, "delivered"],
      [3, "read"],
    ] as const) {
      const r = await gw.fake().emitAck(inboundUrl, wahaId, ack);
      expect(JSON.parse(r.body), String(ack)).toEqual({ ok: true, applied: 1, ignored: 0 });
      expect((await readMessage(t.api, id)).status).toBe(status);
    }

    // −1 ERROR → failed, delivery_failed.
    const second = await sendQueued(t.api, { channel: "whatsapp", phone: "+15551500001", body: "Second {{WA#1}}" });
    await messageReaches(t.api, second, "sent");
    await expectDeliveryFailure(
      t.api,
      second,
      gw.fake().emitAck(inboundUrl, gw.fake().messages[1].id, -1),
      "WhatsApp reported an error (WAHA ack ERROR)",
    );
  });
}

test("session.status moves the instance; `message` makes a contact; a wrong token changes nothing", async ({ tenant }) => {
  const { t, id, inboundUrl, token } = await connected(tenant);
  const before = await instanceState(t.api, id);
  expect((await gw.fake().emitSessionStatus(wrongTokenUrl(inboundUrl, token), "FAILED")).status).toBe(401);
  expect(await instanceState(t.api, id)).toEqual(before);

  // §7.2, one row per event, in the order a real session goes through them. WAHA has no "logged
  // out": a session that shows a QR code again has lost its login, so SCAN_QR_CODE after FAILED
  // goes through disconnected/logged_out to qr_pending (the machine's rescan), and a repeated
  // SCAN_QR_CODE (a fresh code) leaves it waiting.
  const steps: { emit: () => Promise<{ status: number }>; name: string; status: string; reason: string | null }[] = [
    { name: "FAILED", emit: () => gw.fake().emitSessionStatus(inboundUrl, "FAILED"), status: "disconnected", reason: "transient" },
    { name: "STARTING", emit: () => gw.fake().emitSessionStatus(inboundUrl, "STARTING"), status: "connecting", reason: null },
    { name: "WORKING", emit: () => gw.fake().emitSessionStatus(inboundUrl, "WORKING"), status: "connected", reason: null },
    { name: "STOPPED", emit: () => gw.fake().emitSessionStatus(inboundUrl, "STOPPED"), status: "disconnected", reason: "transient" },
    { name: "STARTING again", emit: () => gw.fake().emitSessionStatus(inboundUrl, "STARTING"), status: "connecting", reason: null },
    { name: "FAILED again", emit: () => gw.fake().emitSessionStatus(inboundUrl, "FAILED"), status: "disconnected", reason: "transient" },
    { name: "SCAN_QR_CODE", emit: () => gw.fake().emitSessionStatus(inboundUrl, "SCAN_QR_CODE"), status: "qr_pending", reason: null },
    { name: "SCAN_QR_CODE again", emit: () => gw.fake().emitSessionStatus(inboundUrl, "SCAN_QR_CODE"), status: "qr_pending", reason: null },
    { name: "WORKING after the scan", emit: () => gw.fake().emitSessionStatus(inboundUrl, "WORKING"), status: "connected", reason: null },
  ];
  for (const step of steps) {
    expect((await step.emit()).status, step.name).toBe(200);
    expect(await instanceState(t.api, id), step.name).toEqual({ status: step.status, statusReason: step.reason });
  }

  expect((await gw.fake().emitInbound(inboundUrl, "+15551500002", "Where is my order?")).status).toBe(200);
  await expectInboundContact(t.api, "+15551500002", "Where is my order?", id, "whatsapp");
});

test("the gateway test answers WAHA's words: the session is connected; a wrong API key; an unknown session", async ({ tenant }) => {
  const { t, id } = await connected(tenant);
  expect(await gatewayTest(t.api, id)).toMatchObject({ ok: true, httpStatus: 200, detail: 'Session "default" is connected to WhatsApp' });
  const url = viaTestHost(gw.fake());
  await t.api.patch(`/instances/${id}`, { gateway: { kind: "waha", url, session: "default", credentials: { apiKey: "wrong" } } });
  expect(await gatewayTest(t.api, id)).toEqual({ ok: false, httpStatus: 401, detail: "WAHA refused the API key (HTTP 401)" });
  await t.api.patch(`/instances/${id}`, { gateway: { kind: "waha", url, session: "other", credentials: { apiKey: API_KEY } } });
  expect(await gatewayTest(t.api, id)).toEqual({ ok: false, httpStatus: 404, detail: 'WAHA has no session named "other" (HTTP 404)' });
});
