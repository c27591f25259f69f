// The `bluebubbles` adapter through the real app (SPEC §6; docs/gateways.md §5, §7): an iMessage
// instance connected to a fake BlueBubbles server (e2e/fakes/fake-bluebubbles.ts) sends through the
// outbox, takes the server's webhooks at its inbound URL, and answers the gateway test. BlueBubbles
// reports no sign-in state of the Mac (docs §5.4, §7.2): it has no status events to map.
import { FakeBlueBubbles } from "../fakes/fake-bluebubbles";
import { expect, test } from "../support/fixtures";
import {
  expectDeliveryFailure,
  expectInboundContact,
  fakeGatewayPerTest,
  gatewayTest,
  messageReaches,
  POLL,
  readMessage,
  sendQueued,
  viaTestHost,
  wrongTokenUrl,
} from "./gateway-harness";

const PASSWORD = "bb-e2e-password-0123";

const gw = fakeGatewayPerTest(
  () => new FakeBlueBubbles(PASSWORD),
  "imessage#1",
  (f) => ({ kind: "bluebubbles", url: viaTestHost(f), credentials: { password: PASSWORD } }),
);
const { connected } = gw;

const sends = () => gw.fake().received(/^\/api\/v1\/message\/text$/, "POST");

test("a message goes queued → sent through message/text; updated-message makes it delivered, read; message-send-error failed", async ({
  tenant,
}) => {
  const { t, inboundUrl, token } = await connected(tenant);
  const id = await sendQueued(t.api, { channel: "imessage", phone: "+1 555 160 0001", body: "Order 42 shipped" });

  // §5.1: POST {url}/api/v1/message/text?password=…, JSON { chatGuid, tempGuid: our id, message, method }.
  await expect.poll(() => sends().length, POLL).toBe(1);
  const [sent] = sends();
  expect([...sent.query]).toEqual([["password", PASSWORD]]);
  expect(JSON.parse(sent.body)).toEqual({
    chatGuid: "iMessage;-;+15551600001",
    tempGuid: id,
    message: "Order 42 shipped",
    method: "apple-script",
  });
  await messageReaches(t.api, id, "sent");
  const guid = gw.fake().messages[0].guid;

  const before = await readMessage(t.api, id);
  expect((await gw.fake().emitUpdated(wrongTokenUrl(inboundUrl, token), guid, "delivered")).status).toBe(401);
  expect(await readMessage(t.api, id)).toEqual(before);

  // The server's own `new-message` for our send (with our tempGuid) is no news: already sent.
  expect(JSON.parse((await gw.fake().emitSent(inboundUrl, guid)).body)).toEqual({ ok: true, applied: 0, ignored: 1 });
  // §7.1: dateDelivered → delivered, dateRead → read.
  for (const change of ["delivered", "read"] as const) {
    const r = await gw.fake().emitUpdated(inboundUrl, guid, change);
    expect(JSON.parse(r.body), change).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect((await readMessage(t.api, id)).status).toBe(change);
  }

  const second = await sendQueued(t.api, { channel: "imessage", phone: "+15551600001", body: "Second" });
  await messageReaches(t.api, second, "sent");
  await expectDeliveryFailure(
    t.api,
    second,
    gw.fake().emitSendError(inboundUrl, gw.fake().messages[1].guid, 4),
    "iMessage error code 4 (timeout)",
  );
});

test("a contact's new-message makes a contact with the message in its thread; a wrong token changes nothing", async ({ tenant }) => {
  const { t, id, inboundUrl, token } = await connected(tenant);
  const wrong = await gw.fake().emitInbound(wrongTokenUrl(inboundUrl, token), { address: "+15551600002", text: "Hello?" });
  expect(wrong.status).toBe(401);
  expect((await (await t.api.get("/contacts?phone=%2B15551600002")).json()).data).toEqual([]);

  expect((await gw.fake().emitInbound(inboundUrl, { address: "+15551600002", text: "Where is my order?" })).status).toBe(200);
  await expectInboundContact(t.api, "+15551600002", "Where is my order?", id, "imessage");
});

test("the gateway test answers the server's words; a wrong password is refused", async ({ tenant }) => {
  const { t, id } = await connected(tenant);
  expect(await gatewayTest(t.api, id)).toEqual({
    ok: true,
    httpStatus: 200,
    detail: "BlueBubbles server 1.9.9 on macOS 14.5; iMessage account: fake@icloud.com",
  });
  await t.api.patch(`/instances/${id}`, {
    gateway: { kind: "bluebubbles", url: viaTestHost(gw.fake()), credentials: { password: "wrong" } },
  });
  expect(await gatewayTest(t.api, id)).toEqual({ ok: false, httpStatus: 401, detail: "The BlueBubbles server refused the password" });
});
