// The `twilio` adapter through the real app (SPEC §6; docs/gateways.md §6, §7): an SMS instance
// connected to a fake Twilio (e2e/fakes/fake-twilio.ts) sends through the outbox with our message id
// in its StatusCallback, takes signed status callbacks and inbound SMS at its inbound URL (token AND
// a valid X-Twilio-Signature), and answers the gateway test. Twilio has no connection state to report.
import { FakeTwilio } from "../fakes/fake-twilio";
import { expect, gatewayKind, POLL, viaTestHost, wrongTokenUrl } from "../support/gateway";

const test = gatewayKind({
  fake: () => new FakeTwilio(),
  instance: "sms#1",
  connection: (f) => ({ kind: "twilio", url: viaTestHost(f), accountSid: f.accountSid, credentials: { authToken: f.authToken } }),
});

const NOT_THE_SIGNATURE = "bm90IHRoZSBzaWduYXR1cmU=";

test("a message goes queued → sent through Messages.json; signed status callbacks make it delivered, read, or failed", async ({
  fake,
  gateway: gw,
}) => {
  const id = await gw.send({ channel: "sms", phone: "+1 555 170 0001", body: "Order 42 shipped" });

  // §6.1: POST /2010-04-01/Accounts/{Sid}/Messages.json, HTTP Basic Sid:Token, form To/From/Body/StatusCallback.
  const creates = () => fake.received(/\/Messages\.json$/, "POST");
  await expect.poll(() => creates().length, POLL).toBe(1);
  const [sent] = creates();
  expect(sent.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
  expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString("base64")}`);
  const form = Object.fromEntries(new URLSearchParams(sent.body));
  expect(form).toEqual({ To: "+15551700001", From: "+15550300001", Body: "Order 42 shipped", StatusCallback: expect.any(String) });
  // Our inbound URL with our message id (§6.2 Rec.), on the app's own public origin.
  const callback = new URL(form.StatusCallback);
  expect(callback.pathname).toBe(new URL(gw.inboundUrl).pathname);
  expect([...callback.searchParams]).toEqual([["ref", id]]);
  await gw.reaches(id, "sent");
  const sid = fake.messages[0].sid;

  // A bad or missing X-Twilio-Signature, or a wrong token with a valid signature: 401, nothing changed.
  const wrongToken = `${wrongTokenUrl(callback.origin + callback.pathname, gw.token)}${callback.search}`;
  for (const attempt of [
    () => fake.emitStatus(sid, "delivered", { signature: { value: NOT_THE_SIGNATURE } }),
    () => fake.emitStatus(sid, "delivered", { signature: "none" }),
    () => fake.emitStatus(sid, "delivered", { url: wrongToken }),
  ])
    await gw.expectRefused(attempt, () => gw.read(id));

  // §7.1: delivered → delivered, read → read.
  for (const status of ["delivered", "read"]) await gw.expectApplied(id, fake.emitStatus(sid, status), status);

  // undelivered + ErrorCode → failed, delivery_failed.
  const second = await gw.sent({ channel: "sms", phone: "+15551700001", body: "Second" });
  const undelivered = fake.emitStatus(fake.messages[1].sid, "undelivered", { errorCode: 30003 });
  await gw.expectDeliveryFailure(second, undelivered, "Twilio undelivered (error 30003)");
});

test("a signed inbound SMS makes a contact and is answered with empty TwiML; a bad signature or token changes nothing", async ({
  fake,
  gateway: gw,
}) => {
  const sms = { from: "+15551700002", to: "+15550300001", body: "Where is my order?" };
  const contacts = async () => (await (await gw.api.get("/contacts?phone=%2B15551700002")).json()).data;
  await gw.expectRefused(() => fake.emitInbound(gw.inboundUrl, sms, { value: NOT_THE_SIGNATURE }), contacts);
  await gw.expectRefused(() => fake.emitInbound(gw.wrongTokenUrl, sms), contacts);
  expect(await contacts()).toEqual([]);

  const taken = await fake.emitInbound(gw.inboundUrl, sms);
  expect(taken.status).toBe(200);
  expect(taken.headers.get("content-type")).toBe("text/xml");
  expect(taken.body).toBe("<Response></Response>");
  await gw.expectInboundContact("+15551700002", "Where is my order?", "sms");
});

test("the gateway test answers Twilio's words: the account is active, suspended; a wrong Auth Token", async ({ fake, gateway: gw }) => {
  expect(await gw.test()).toMatchObject({ ok: true, httpStatus: 200, detail: 'Twilio account "Fake account" is active' });
  fake.accountStatus = "suspended";
  expect(await gw.test()).toMatchObject({
    ok: false,
    httpStatus: 200,
    detail: 'Twilio account "Fake account" is suspended: it cannot send',
  });
  await gw.connect({ kind: "twilio", url: viaTestHost(fake), accountSid: fake.accountSid, credentials: { authToken: "0".repeat(32) } });
  expect(await gw.test()).toEqual({
    ok: false,
    httpStatus: 401,
    detail: "Twilio refused the Account SID and Auth Token (error 20003: authenticate)",
  });
});
