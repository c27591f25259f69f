// The `twilio` adapter through the real app (SPEC §6; docs/gateways.md §6, §7): an SMS instance
// connected to a fake Twilio (e2e/fakes/fake-twilio.ts) sends through the outbox with our message id
// in its StatusCallback, takes signed status callbacks and inbound SMS at its inbound URL (token AND
// a valid X-Twilio-Signature), and answers the gateway test. Twilio has no connection state to report.
import { FakeTwilio } from "../fakes/fake-twilio";
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

const gw = fakeGatewayPerTest(
  () => new FakeTwilio(),
  "sms#1",
  (f) => ({ kind: "twilio", url: viaTestHost(f), accountSid: f.accountSid, credentials: { authToken: f.authToken } }),
);
const { connected } = gw;

const creates = () => gw.fake().received(/\/Messages\.json$/, "POST");

test("a message goes queued → sent through Messages.json; signed status callbacks make it delivered, read, or failed", async ({
  tenant,
}) => {
  const { t, inboundUrl, token } = await connected(tenant);
  const id = await sendQueued(t.api, { channel: "sms", phone: "+1 555 170 0001", body: "Order 42 shipped" });

  // §6.1: POST /2010-04-01/Accounts/{Sid}/Messages.json, HTTP Basic Sid:Token, form To/From/Body/StatusCallback.
  await expect.poll(() => creates().length, POLL).toBe(1);
  const [sent] = creates();
  expect(sent.path).toBe(`/2010-04-01/Accounts/${gw.fake().accountSid}/Messages.json`);
  expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${gw.fake().accountSid}:${gw.fake().authToken}`).toString("base64")}`);
  const form = Object.fromEntries(new URLSearchParams(sent.body));
  expect(form).toEqual({ To: "+15551700001", From: "+15550300001", Body: "Order 42 shipped", StatusCallback: expect.any(String) });
  // Our inbound URL with our message id (§6.2 Rec.), on the app's own public origin.
  const callback = new URL(form.StatusCallback);
  expect(callback.pathname).toBe(new URL(inboundUrl).pathname);
  expect([...callback.searchParams]).toEqual([["ref", id]]);
  await messageReaches(t.api, id, "sent");
  const sid = gw.fake().messages[0].sid;

  // A bad or missing X-Twilio-Signature, or a wrong token with a valid signature: 401, nothing changed.
  const before = await readMessage(t.api, id);
  const wrongToken = `${wrongTokenUrl(callback.origin + callback.pathname, token)}${callback.search}`;
  for (const attempt of [
    () => gw.fake().emitStatus(sid, "delivered", { signature: { value: "bm90IHRoZSBzaWduYXR1cmU=" } }),
    () => gw.fake().emitStatus(sid, "delivered", { signature: "none" }),
    () => gw.fake().emitStatus(sid, "delivered", { url: wrongToken }),
  ]) {
    const r = await attempt();
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe("unauthorized");
  }
  expect(await readMessage(t.api, id)).toEqual(before);

  // §7.1: delivered → delivered, read → read.
  for (const status of ["delivered", "read"]) {
    const r = await gw.fake().emitStatus(sid, status);
    expect(JSON.parse(r.body), status).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect((await readMessage(t.api, id)).status).toBe(status);
  }

  // undelivered + ErrorCode → failed, delivery_failed.
  const second = await sendQueued(t.api, { channel: "sms", phone: "+15551700001", body: "Second" });
  await messageReaches(t.api, second, "sent");
  await expectDeliveryFailure(
    t.api,
    second,
    gw.fake().emitStatus(gw.fake().messages[1].sid, "undelivered", { errorCode: 30003 }),
    "Twilio undelivered (error 30003)",
  );
});

test("a signed inbound SMS makes a contact and is answered with empty TwiML; a bad signature or token changes nothing", async ({
  tenant,
}) => {
  const { t, id, inboundUrl, token } = await connected(tenant);
  const sms = { from: "+15551700002", to: "+15550300001", body: "Where is my order?" };
  for (const r of [
    await gw.fake().emitInbound(inboundUrl, sms, { value: "bm90IHRoZSBzaWduYXR1cmU=" }),
    await gw.fake().emitInbound(wrongTokenUrl(inboundUrl, token), sms),
  ])
    expect(r.status).toBe(401);
  expect((await (await t.api.get("/contacts?phone=%2B15551700002")).json()).data).toEqual([]);

  const taken = await gw.fake().emitInbound(inboundUrl, sms);
  expect(taken.status).toBe(200);
  expect(taken.headers.get("content-type")).toBe("text/xml");
  expect(taken.body).toBe("<Response></Response>");
  await expectInboundContact(t.api, "+15551700002", "Where is my order?", id, "sms");
});

test("the gateway test answers Twilio's words: the account is active, suspended; a wrong Auth Token", async ({ tenant }) => {
  const { t, id } = await connected(tenant);
  expect(await gatewayTest(t.api, id)).toMatchObject({ ok: true, httpStatus: 200, detail: 'Twilio account "Fake account" is active' });
  gw.fake().accountStatus = "suspended";
  expect(await gatewayTest(t.api, id)).toMatchObject({
    ok: false,
    httpStatus: 200,
    detail: 'Twilio account "Fake account" is suspended: it cannot send',
  });
  const gateway = {
    kind: "twilio",
    url: viaTestHost(gw.fake()),
    accountSid: gw.fake().accountSid,
    credentials: { authToken: "0".repeat(32) },
  };
  await t.api.patch(`/instances/${id}`, { gateway });
  expect(await gatewayTest(t.api, id)).toEqual({
    ok: false,
    httpStatus: 401,
    detail: "Twilio refused the Account SID and Auth Token (error 20003: authenticate)",
  });
});
