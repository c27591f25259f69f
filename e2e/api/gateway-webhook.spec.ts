// The `webhook` adapter through the real app (SPEC §6): an instance connected to a fake gateway that
// speaks our own kind (e2e/fakes/fake-webhook-gateway.ts) gets each message as a signed
// `message.send` event from the outbox, and posts our `{ type, data }` bodies back to its inbound URL.
import { Webhook } from "standardwebhooks";
import { standardSecret } from "@/lib/webhooks/signing";
import { FakeWebhookGateway } from "../fakes/fake-webhook-gateway";
import { expect, gatewayKind, POLL, viaTestHost } from "../support/gateway";

const SECRET = "gw-e2e-secret-0123456789";

const test = gatewayKind({
  fake: () => new FakeWebhookGateway(SECRET),
  instance: "whatsapp#1",
  connection: (f) => ({ kind: "webhook", url: `${viaTestHost(f)}/send`, credentials: { secret: SECRET } }),
});

test("a message goes queued → sent as a signed message.send; message.delivery makes it delivered, read, or failed", async ({
  fake,
  gateway: gw,
}) => {
  const id = await gw.send({ channel: "whatsapp", phone: "+1 555 180 0001", body: "Order 42 shipped {{WA#1}}" });

  await expect.poll(() => fake.sends.length, POLL).toBe(1);
  const [request] = fake.received(/^\/send$/, "POST");
  // Standard Webhooks: `webhook-id` msg_<our id> on every attempt; the fake verified the signature.
  expect(request.headers["webhook-id"]).toBe(`msg_${id}`);
  expect(() => new Webhook(standardSecret(SECRET)).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
  expect(fake.badSignatures).toEqual([]);
  const event = JSON.parse(request.body);
  expect(event).toEqual({
    type: "message.send",
    timestamp: expect.any(String),
    data: {
      messageId: id,
      instanceId: gw.id,
      channel: "whatsapp",
      from: "+15550100001",
      to: "+15551800001",
      body: "Order 42 shipped",
      callbackUrl: expect.stringContaining(new URL(gw.inboundUrl).pathname),
    },
  });
  await gw.reaches(id, "sent");

  await gw.expectRefused(
    () => fake.emit(gw.wrongTokenUrl, "message.delivery", { messageId: id, status: "delivered" }),
    () => gw.read(id),
  );
  // By our id, then by the gateway's providerMessageId.
  await gw.expectApplied(id, fake.emit(gw.inboundUrl, "message.delivery", { messageId: id, status: "delivered" }), "delivered");
  const theirs = fake.sends[0].providerMessageId;
  await gw.expectApplied(id, fake.emit(gw.inboundUrl, "message.delivery", { providerMessageId: theirs, status: "read" }), "read");

  const second = await gw.sent({ channel: "whatsapp", phone: "+15551800001", body: "Second {{WA#1}}" });
  const failed = fake.emit(gw.inboundUrl, "message.delivery", { messageId: second, status: "failed", error: "recipient blocked" });
  await gw.expectDeliveryFailure(second, failed, "recipient blocked");
});

test("instance.status moves the instance; message.inbound makes a contact; a wrong token changes nothing", async ({
  fake,
  gateway: gw,
}) => {
  await gw.expectRefused(() => fake.emit(gw.wrongTokenUrl, "instance.status", { status: "disconnected", reason: "banned" }));

  const steps: { status: string; reason: string | null }[] = [
    { status: "disconnected", reason: "transient" },
    { status: "connecting", reason: null },
    { status: "connected", reason: null },
    { status: "disconnected", reason: "logged_out" },
    { status: "qr_pending", reason: null },
  ];
  for (const step of steps) {
    const r = await fake.emit(gw.inboundUrl, "instance.status", { status: step.status, reason: step.reason });
    expect(JSON.parse(r.body), step.status).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect(await gw.state()).toEqual({ status: step.status, statusReason: step.reason });
  }

  const inbound = await fake.emit(gw.inboundUrl, "message.inbound", {
    from: "+15551800002",
    body: "Where is my order?",
    providerMessageId: "gw-1",
  });
  expect(JSON.parse(inbound.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
  await gw.expectInboundContact("+15551800002", "Where is my order?", "whatsapp");
});

test("the gateway test answers what the gateway said; a wrong secret is refused by it", async ({ fake, gateway: gw }) => {
  expect(await gw.test()).toEqual({ ok: true, httpStatus: 200, detail: 'The gateway answered HTTP 200: {"ok":true}' });
  await gw.connect({ kind: "webhook", url: `${viaTestHost(fake)}/send`, credentials: { secret: "another-secret-0123456789" } });
  expect(await gw.test()).toEqual({ ok: false, httpStatus: 401, detail: "The gateway answered HTTP 401: bad signature" });
});
