// The `webhook` adapter through the real app (SPEC §6): an instance connected to a fake gateway that
// speaks our own kind (e2e/fakes/fake-webhook-gateway.ts) gets each message as a signed
// `message.send` event from the outbox, and posts our `{ type, data }` bodies back to its inbound URL.
import { Webhook } from "standardwebhooks";
import { standardSecret } from "@/lib/webhooks/signing";
import { FakeWebhookGateway } from "../fakes/fake-webhook-gateway";
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

const SECRET = "gw-e2e-secret-0123456789";

const gw = fakeGatewayPerTest(
  () => new FakeWebhookGateway(SECRET),
  "whatsapp#1",
  (f) => ({ kind: "webhook", url: `${viaTestHost(f)}/send`, credentials: { secret: SECRET } }),
);
const { connected } = gw;

test("a message goes queued → sent as a signed message.send; message.delivery makes it delivered, read, or failed", async ({ tenant }) => {
  const { t, id: instanceId, inboundUrl, token } = await connected(tenant);
  const id = await sendQueued(t.api, { channel: "whatsapp", phone: "+1 555 180 0001", body: "Order 42 shipped {{WA#1}}" });

  await expect.poll(() => gw.fake().sends.length, POLL).toBe(1);
  const [request] = gw.fake().received(/^\/send$/, "POST");
  // Standard Webhooks: `webhook-id` msg_<our id> on every attempt; the fake verified the signature.
  expect(request.headers["webhook-id"]).toBe(`msg_${id}`);
  expect(() => new Webhook(standardSecret(SECRET)).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
  expect(gw.fake().badSignatures).toEqual([]);
  const event = JSON.parse(request.body);
  expect(event).toEqual({
    type: "message.send",
    timestamp: expect.any(String),
    data: {
      messageId: id,
      instanceId,
      channel: "whatsapp",
      from: "+15550100001",
      to: "+15551800001",
      body: "Order 42 shipped",
      callbackUrl: expect.stringContaining(new URL(inboundUrl).pathname),
    },
  });
  await messageReaches(t.api, id, "sent");

  const before = await readMessage(t.api, id);
  const refused = await gw.fake().emit(wrongTokenUrl(inboundUrl, token), "message.delivery", { messageId: id, status: "delivered" });
  expect(refused.status).toBe(401);
  expect(await readMessage(t.api, id)).toEqual(before);

  // By our id, then by the gateway's providerMessageId.
  const byOurs = await gw.fake().emit(inboundUrl, "message.delivery", { messageId: id, status: "delivered" });
  expect(JSON.parse(byOurs.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
  expect((await readMessage(t.api, id)).status).toBe("delivered");
  const byTheirs = await gw
    .fake()
    .emit(inboundUrl, "message.delivery", { providerMessageId: gw.fake().sends[0].providerMessageId, status: "read" });
  expect(JSON.parse(byTheirs.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
  expect((await readMessage(t.api, id)).status).toBe("read");

  const second = await sendQueued(t.api, { channel: "whatsapp", phone: "+15551800001", body: "Second {{WA#1}}" });
  await messageReaches(t.api, second, "sent");
  await expectDeliveryFailure(
    t.api,
    second,
    gw.fake().emit(inboundUrl, "message.delivery", { messageId: second, status: "failed", error: "recipient blocked" }),
    "recipient blocked",
  );
});

test("instance.status moves the instance; message.inbound makes a contact; a wrong token changes nothing", async ({ tenant }) => {
  const { t, id, inboundUrl, token } = await connected(tenant);
  const before = await instanceState(t.api, id);
  expect(
    (await gw.fake().emit(wrongTokenUrl(inboundUrl, token), "instance.status", { status: "disconnected", reason: "banned" })).status,
  ).toBe(401);
  expect(await instanceState(t.api, id)).toEqual(before);

  const steps: { status: string; reason: string | null }[] = [
    { status: "disconnected", reason: "transient" },
    { status: "connecting", reason: null },
    { status: "connected", reason: null },
    { status: "disconnected", reason: "logged_out" },
    { status: "qr_pending", reason: null },
  ];
  for (const step of steps) {
    const r = await gw.fake().emit(inboundUrl, "instance.status", { status: step.status, reason: step.reason });
    expect(JSON.parse(r.body), step.status).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect(await instanceState(t.api, id)).toEqual({ status: step.status, statusReason: step.reason });
  }

  const inbound = await gw.fake().emit(inboundUrl, "message.inbound", {
    from: "+15551800002",
    body: "Where is my order?",
    providerMessageId: "gw-1",
  });
  expect(JSON.parse(inbound.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
  await expectInboundContact(t.api, "+15551800002", "Where is my order?", id, "whatsapp");
});

test("the gateway test answers what the gateway said; a wrong secret is refused by it", async ({ tenant }) => {
  const { t, id } = await connected(tenant);
  expect(await gatewayTest(t.api, id)).toEqual({ ok: true, httpStatus: 200, detail: 'The gateway answered HTTP 200: {"ok":true}' });
  await t.api.patch(`/instances/${id}`, {
    gateway: { kind: "webhook", url: `${viaTestHost(gw.fake())}/send`, credentials: { secret: "another-secret-0123456789" } },
  });
  expect(await gatewayTest(t.api, id)).toEqual({ ok: false, httpStatus: 401, detail: "The gateway answered HTTP 401: bad signature" });
});
