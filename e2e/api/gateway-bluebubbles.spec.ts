// The `bluebubbles` adapter through the real app (SPEC §6; docs/gateways.md §5, §7): an iMessage
// instance connected to a fake BlueBubbles server (e2e/fakes/fake-bluebubbles.ts) sends through the
// outbox, takes the server's webhooks at its inbound URL, and answers the gateway test. BlueBubbles
// reports no sign-in state of the Mac (docs §5.4, §7.2): it has no status events to map.
import { FakeBlueBubbles } from "../fakes/fake-bluebubbles";
import { expect, gatewayKind, POLL, viaTestHost } from "../support/gateway";

const PASSWORD = "bb-e2e-password-0123";

const test = gatewayKind({
  fake: () => new FakeBlueBubbles(PASSWORD),
  instance: "imessage#1",
  connection: (f) => ({ kind: "bluebubbles", url: viaTestHost(f), credentials: { password: PASSWORD } }),
});

test("a message goes queued → sent through message/text; updated-message makes it delivered, read; message-send-error failed", async ({
  fake,
  gateway: gw,
}) => {
  const id = await gw.send({ channel: "imessage", phone: "+1 555 160 0001", body: "Order 42 shipped" });

  // §5.1: POST {url}/api/v1/message/text?password=…, JSON { chatGuid, tempGuid: our id, message, method }.
  const sends = () => fake.received(/^\/api\/v1\/message\/text$/, "POST");
  await expect.poll(() => sends().length, POLL).toBe(1);
  const [sent] = sends();
  expect([...sent.query]).toEqual([["password", PASSWORD]]);
  expect(JSON.parse(sent.body)).toEqual({
    chatGuid: "iMessage;-;+15551600001",
    tempGuid: id,
    message: "Order 42 shipped",
    method: "apple-script",
  });
  await gw.reaches(id, "sent");
  const guid = fake.messages[0].guid;

  await gw.expectRefused(
    () => fake.emitUpdated(gw.wrongTokenUrl, guid, "delivered"),
    () => gw.read(id),
  );
  // The server's own `new-message` for our send (with our tempGuid) is no news: already sent.
  expect(JSON.parse((await fake.emitSent(gw.inboundUrl, guid)).body)).toEqual({ ok: true, applied: 0, ignored: 1 });
  // §7.1: dateDelivered → delivered, dateRead → read.
  for (const change of ["delivered", "read"] as const) await gw.expectApplied(id, fake.emitUpdated(gw.inboundUrl, guid, change), change);

  const second = await gw.sent({ channel: "imessage", phone: "+15551600001", body: "Second" });
  await gw.expectDeliveryFailure(second, fake.emitSendError(gw.inboundUrl, fake.messages[1].guid, 4), "iMessage error code 4 (timeout)");
});

test("a contact's new-message makes a contact with the message in its thread; a wrong token changes nothing", async ({
  fake,
  gateway: gw,
}) => {
  await gw.expectRefused(
    () => fake.emitInbound(gw.wrongTokenUrl, { address: "+15551600002", text: "Hello?" }),
    async () => (await (await gw.api.get("/contacts?phone=%2B15551600002")).json()).data,
  );
  expect((await fake.emitInbound(gw.inboundUrl, { address: "+15551600002", text: "Where is my order?" })).status).toBe(200);
  await gw.expectInboundContact("+15551600002", "Where is my order?", "imessage");
});

test("the gateway test answers the server's words; a wrong password is refused", async ({ fake, gateway: gw }) => {
  expect(await gw.test()).toEqual({
    ok: true,
    httpStatus: 200,
    detail: "BlueBubbles server 1.9.9 on macOS 14.5; iMessage account: fake@icloud.com",
  });
  await gw.connect({ kind: "bluebubbles", url: viaTestHost(fake), credentials: { password: "wrong" } });
  expect(await gw.test()).toEqual({ ok: false, httpStatus: 401, detail: "The BlueBubbles server refused the password" });
});
