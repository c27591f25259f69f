// The `waha` adapter through the real app (SPEC §6; docs/gateways.md §4, §7): a WhatsApp instance
// connected to a fake WAHA (e2e/fakes/fake-waha.ts) sends through the outbox, takes WAHA's webhooks
// at its inbound URL, and answers the gateway test.
import { FakeWaha, type WahaSessionStatus } from "../fakes/fake-waha";
import { expect, gatewayKind, POLL, viaTestHost } from "../support/gateway";

const API_KEY = "waha-e2e-key-0123456789";

const test = gatewayKind({
  fake: () => new FakeWaha({ apiKey: API_KEY }),
  instance: "whatsapp#1",
  connection: (f) => ({ kind: "waha", url: viaTestHost(f), session: "default", credentials: { apiKey: API_KEY } }),
});

for (const engine of ["NOWEB", "WEBJS"] as const) {
  test(`${engine}: a message goes queued → sent through sendText; message.ack makes it delivered, read, or failed`, async ({
    fake,
    gateway: gw,
  }) => {
    fake.engine = engine;
    const id = await gw.send({ channel: "whatsapp", phone: "+1 555 150 0001", body: "Order 42 shipped {{WA#1}}" });

    // §4.1: POST {url}/api/sendText, header X-Api-Key, JSON { session, chatId: <digits>@c.us, text }.
    const sendTexts = () => fake.received(/^\/api\/sendText$/, "POST");
    await expect.poll(() => sendTexts().length, POLL).toBe(1);
    const [sent] = sendTexts();
    expect(sent.headers["x-api-key"]).toBe(API_KEY);
    expect(JSON.parse(sent.body)).toEqual({ session: "default", chatId: "15551500001@c.us", text: "Order 42 shipped" });
    await gw.reaches(id, "sent");
    // The provider id is WAHA's serialized id (`true_<chat>_<id>`), whichever engine answered: the acks name it.
    const wahaId = fake.messages[0].id;

    await gw.expectRefused(
      () => fake.emitAck(gw.wrongTokenUrl, wahaId, 2),
      () => gw.read(id),
    );
    // §7.1: 2 DEVICE → delivered, 3 READ → read.
    await gw.expectApplied(id, fake.emitAck(gw.inboundUrl, wahaId, 2), "delivered");
    await gw.expectApplied(id, fake.emitAck(gw.inboundUrl, wahaId, 3), "read");

    // −1 ERROR → failed, delivery_failed.
    const second = await gw.sent({ channel: "whatsapp", phone: "+15551500001", body: "Second {{WA#1}}" });
    const error = fake.emitAck(gw.inboundUrl, fake.messages[1].id, -1);
    await gw.expectDeliveryFailure(second, error, "WhatsApp reported an error (WAHA ack ERROR)");
  });
}

test("session.status moves the instance; `message` makes a contact; a wrong token changes nothing", async ({ fake, gateway: gw }) => {
  await gw.expectRefused(() => fake.emitSessionStatus(gw.wrongTokenUrl, "FAILED"));

  // §7.2, one row per event, in the order a real session goes through them. WAHA has no "logged
  // out": a session that shows a QR code again has lost its login, so SCAN_QR_CODE after FAILED
  // goes through disconnected/logged_out to qr_pending (the machine's rescan), and a repeated
  // SCAN_QR_CODE (a fresh code) leaves it waiting.
  const steps: { name: string; event: WahaSessionStatus; status: string; reason: string | null }[] = [
    { name: "FAILED", event: "FAILED", status: "disconnected", reason: "transient" },
    { name: "STARTING", event: "STARTING", status: "connecting", reason: null },
    { name: "WORKING", event: "WORKING", status: "connected", reason: null },
    { name: "STOPPED", event: "STOPPED", status: "disconnected", reason: "transient" },
    { name: "STARTING again", event: "STARTING", status: "connecting", reason: null },
    { name: "FAILED again", event: "FAILED", status: "disconnected", reason: "transient" },
    { name: "SCAN_QR_CODE", event: "SCAN_QR_CODE", status: "qr_pending", reason: null },
    { name: "SCAN_QR_CODE again", event: "SCAN_QR_CODE", status: "qr_pending", reason: null },
    { name: "WORKING after the scan", event: "WORKING", status: "connected", reason: null },
  ];
  for (const step of steps) {
    expect((await fake.emitSessionStatus(gw.inboundUrl, step.event)).status, step.name).toBe(200);
    expect(await gw.state(), step.name).toEqual({ status: step.status, statusReason: step.reason });
  }

  expect((await fake.emitInbound(gw.inboundUrl, "+15551500002", "Where is my order?")).status).toBe(200);
  await gw.expectInboundContact("+15551500002", "Where is my order?", "whatsapp");
  // A `…@lid` sender (newer WhatsApp hides the number): the app asks WAHA the number behind it.
  expect((await fake.emitInbound(gw.inboundUrl, "+15551500003", "Sent from a lid", { lid: true })).status).toBe(200);
  await gw.expectInboundContact("+15551500003", "Sent from a lid", "whatsapp");
  expect(fake.received(/\/lids\//).map((r) => r.path)).toEqual([`/api/default/lids/${encodeURIComponent([...fake.lids.keys()][0])}`]);
});

test("the gateway test answers WAHA's words: the session is connected; a wrong API key; an unknown session", async ({ gateway: gw }) => {
  await gw.expectTestAnswers('Session "default" is connected to WhatsApp', [
    { over: { credentials: { apiKey: "wrong" } }, httpStatus: 401, detail: "WAHA refused the API key (HTTP 401)" },
    { over: { session: "other" }, httpStatus: 404, detail: 'WAHA has no session named "other" (HTTP 404)' },
  ]);
});
