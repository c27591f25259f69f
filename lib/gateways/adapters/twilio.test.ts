// The twilio adapter against the fake Twilio (e2e/fakes/fake-twilio.ts) over the real guarded HTTP client:
// the exact create request, each answer's outcome, lookups, the account test, and the signed webhooks
// (docs/gateways.md §6, §7).
import { describe, expect, it } from "vitest";
import { adapterHarness, statusUpdate } from "@/e2e/fakes/adapter-test-kit";
import { FakeTwilio } from "@/e2e/fakes/fake-twilio";
import { twilioAdapter as adapter, twilioSignature } from "@/lib/gateways/adapters/twilio";
import type { GatewayConnection, GatewayUpdate, InboundRequest } from "@/lib/gateways/types";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "0123456789abcdef0123456789abcdef";
const fake = new FakeTwilio(SID, TOKEN);
const kit = adapterHarness(fake, {
  adapter,
  channel: "sms",
  connection: () => ({ config: { accountSid: SID }, credentials: { authToken: TOKEN } }),
  message: { to: "+15551234567", body: "Hello & welcome" },
  timeoutMs: 500,
  receiverReply: { status: 200, body: "<Response></Response>" },
});
const { context, receiver, asInbound } = kit;
const message = kit.message();
const connection = (over: { authToken?: string; accountSid?: string } = {}): GatewayConnection =>
  kit.connection({ config: { accountSid: over.accountSid ?? SID }, credentials: { authToken: over.authToken ?? TOKEN } });

describe("send", () => {
  it("posts the documented form with Basic auth and keeps the sid", async () => {
    const outcome = await adapter.send(connection(), message, context);
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect([...sent.query]).toEqual([]);
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`);
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect([...new URLSearchParams(sent.body)]).toEqual([
      ["To", "+15551234567"],
      ["From", "+15550000001"],
      ["Body", "Hello & welcome"],
      ["StatusCallback", `${receiver.url}/api/v1/gateways/inst_1/twilio/token?ref=msg_1`],
    ]);
    expect(outcome).toEqual({ kind: "accepted", providerMessageId: fake.messages[0].sid, detail: "HTTP 201" });
    expect(fake.messages[0].sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it.each([
    {
      name: "429 20429 with Retry-After → retry after it",
      act: () => fake.throttleNext(3),
      outcome: { kind: "retry", retryAfterMs: 3000, detail: "Gateway answered HTTP 429: Too Many Requests (Twilio error 20429)" },
    },
    {
      name: "429 without Retry-After → retry, the outbox's own backoff",
      act: () => fake.throttleNext(),
      outcome: { kind: "retry", retryAfterMs: null, detail: "Gateway answered HTTP 429: Too Many Requests (Twilio error 20429)" },
    },
    {
      name: "500 → unknown, never a blind resend (Twilio 20500)",
      act: () => fake.misbehave({ kind: "status", status: 500, body: { code: 20500, message: "Internal Server Error", status: 500 } }),
      outcome: { kind: "unknown", detail: "Gateway answered HTTP 500: Internal Server Error (Twilio error 20500)" },
    },
    {
      name: "503 → unknown",
      act: () => fake.misbehave({ kind: "status", status: 503, body: "Service Unavailable" }),
      outcome: { kind: "unknown", detail: "Gateway answered HTTP 503: Service Unavailable" },
    },
  ])("$name", async ({ act, outcome }) => {
    act();
    expect(await adapter.send(connection(), message, context)).toEqual(outcome);
  });

  it("an invalid To → rejected with Twilio's 21211", async () => {
    expect(await adapter.send(connection(), { ...message, to: "+0123" }, context)).toEqual({
      kind: "rejected",
      detail: "Gateway answered HTTP 400: The 'To' number +0123 is not a valid phone number. (Twilio error 21211)",
    });
  });

  it("a wrong Auth Token → rejected with 20003", async () => {
    expect(await adapter.send(connection({ authToken: "wrong" }), message, context)).toEqual({
      kind: "rejected",
      detail: "Gateway answered HTTP 401: Authenticate (Twilio error 20003)",
    });
  });

  it("no number to send from, or no Account SID → rejected without a request", async () => {
    expect(await adapter.send({ ...connection(), instancePhone: null }, message, context)).toMatchObject({ kind: "rejected" });
    expect(await adapter.send({ ...connection(), config: {} }, message, context)).toMatchObject({ kind: "rejected" });
    expect(fake.requests).toHaveLength(0);
  });

  kit.transportCases();
});

describe("lookup", () => {
  it("after a create whose answer was lost, lists the contact's messages and finds it by body", async () => {
    await kit.sendLosingTheAnswer();
    const { sid } = fake.messages[0];
    expect(await adapter.lookup(connection(), message, null, context)).toEqual({
      kind: "sent",
      providerMessageId: sid,
      detail: `Twilio has message ${sid} (queued)`,
    });
    const [list] = fake.received(/\/Messages\.json$/, "GET");
    expect(list.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(Object.fromEntries(list.query)).toEqual({ To: "+15551234567", From: "+15550000001", PageSize: "50" });
    expect(list.headers.authorization).toMatch(/^Basic /);
  });

  it("by sid: sent, failed once Twilio says undelivered, not_found for an unknown sid", async () => {
    await adapter.send(connection(), message, context);
    const stored = fake.messages[0];
    expect(await adapter.lookup(connection(), message, stored.sid, context)).toMatchObject({ kind: "sent", providerMessageId: stored.sid });
    expect(fake.received(new RegExp(`/Messages/${stored.sid}\\.json$`), "GET")).toHaveLength(1);
    Object.assign(stored, { status: "undelivered", error_code: 30003, error_message: "Unreachable destination handset" });
    expect(await adapter.lookup(connection(), message, stored.sid, context)).toEqual({
      kind: "failed",
      detail: "Twilio undelivered (error 30003: Unreachable destination handset)",
    });
    expect(await adapter.lookup(connection(), message, `SM${"0".repeat(32)}`, context)).toMatchObject({ kind: "not_found" });
  });

  it("a message never sent → not_found, even with other texts to the same contact", async () => {
    expect(await adapter.lookup(connection(), message, null, context)).toMatchObject({ kind: "not_found" });
    await adapter.send(connection(), { ...message, body: "something else" }, context);
    expect(await adapter.lookup(connection(), message, null, context)).toMatchObject({ kind: "not_found" });
  });
});

describe("testConnection", () => {
  it.each([
    {
      status: "active" as const,
      ok: true,
      detail: 'Twilio account "Fake account" is active',
      instanceStatus: { status: "connected", reason: null },
    },
    {
      status: "suspended" as const,
      ok: false,
      detail: 'Twilio account "Fake account" is suspended: it cannot send',
      instanceStatus: { status: "disconnected", reason: "logged_out" },
    },
  ])("account $status", async ({ status, ok, detail, instanceStatus }) => {
    fake.accountStatus = status;
    expect(await adapter.testConnection(connection(), context)).toEqual({ ok, httpStatus: 200, detail, instanceStatus });
    expect(fake.requests[0].path).toBe(`/2010-04-01/Accounts/${SID}.json`);
  });

  kit.testFailures([
    [
      "wrong credentials → 401",
      { config: { accountSid: SID }, credentials: { authToken: "wrong" } },
      401,
      "Twilio refused the Account SID and Auth Token (error 20003: authenticate)",
    ],
  ]);
});

describe("X-Twilio-Signature", () => {
  // The worked example of Twilio's "Webhooks security" guide (twilio.com/docs/usage/webhooks/webhooks-security):
  // token 12345, this URL and these (voice) parameters sign to 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const params: [string, string][] = [
    ["CallSid", "CA1234567890ABCDE"],
    ["Caller", "+12349013030"],
    ["Digits", "1234"],
    ["From", "+12349013030"],
    ["To", "+18005551212"],
  ];
  const documented = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
  const example = (over: Partial<InboundRequest> = {}, body = new URLSearchParams(params).toString()): InboundRequest => ({
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": documented },
    rawBody: body,
    tokenOk: true,
    ...over,
  });

  it("computes Twilio's documented signature, whatever the order of the parameters", () => {
    expect(twilioSignature("12345", url, params)).toBe(documented);
    expect(twilioSignature("12345", url, [...params].reverse())).toBe(documented);
  });

  it.each([
    // A voice form has no MessageSid: past the signature it is a 400, which proves the signature held.
    { name: "the documented request → signature accepted (then 400: not a message)", request: example(), status: 400 },
    {
      name: "the same with :443 written out → accepted, as Twilio's own validator does",
      request: example({ url: "https://mycompany.com:443/myapp.php?foo=1&bar=2" }),
      status: 400,
    },
    {
      name: "one parameter changed → 401",
      request: example({}, new URLSearchParams([...params.slice(0, 2), ["Digits", "9999"], ...params.slice(3)]).toString()),
      status: 401,
    },
    { name: "another URL → 401", request: example({ url: "https://mycompany.com/myapp.php?foo=1&bar=3" }), status: 401 },
    { name: "another port → 401", request: example({ url: "https://mycompany.com:8443/myapp.php?foo=1&bar=2" }), status: 401 },
    { name: "a bad signature → 401", request: example({ headers: { "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }), status: 401 },
    { name: "no signature → 401", request: example({ headers: {} }), status: 401 },
    { name: "no inbound token, although signed → 401", request: example({ tokenOk: false }), status: 401 },
  ])("$name", ({ request, status }) => {
    expect(adapter.parseWebhook({ ...connection(), credentials: { authToken: "12345" } }, request)).toMatchObject({ ok: false, status });
  });
});

describe("parseWebhook", () => {
  const callback = `https://router.example/api/v1/gateways/inst_1/twilio/tok?ref=msg_1`;
  const sid = "SM0123456789abcdef0123456789abcdef";
  const signed = (params: [string, string][], url = callback): InboundRequest => ({
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(TOKEN, url, params) },
    rawBody: new URLSearchParams(params).toString(),
    tokenOk: true,
  });
  const statusForm = (status: string, errorCode?: string): [string, string][] => [
    ["MessageSid", sid],
    ["SmsSid", sid],
    ["MessageStatus", status],
    ["SmsStatus", status],
    ["AccountSid", SID],
    ["From", "+15550000001"],
    ["To", "+15551234567"],
    ["ApiVersion", "2010-04-01"],
    ...(errorCode ? [["ErrorCode", errorCode] as [string, string]] : []),
  ];
  const update = (status: "sent" | "delivered" | "read" | "failed", detail: string | null = null): GatewayUpdate[] => [
    statusUpdate(sid, status, { messageId: "msg_1", detail }),
  ];
  it.each([
    { MessageStatus: "queued", updates: update("sent") },
    { MessageStatus: "sending", updates: update("sent") },
    { MessageStatus: "sent", updates: update("sent") },
    { MessageStatus: "delivered", updates: update("delivered") },
    { MessageStatus: "partially_delivered", updates: update("delivered") },
    { MessageStatus: "read", updates: update("read") },
    { MessageStatus: "undelivered", ErrorCode: "30003", updates: update("failed", "Twilio undelivered (error 30003)") },
    { MessageStatus: "failed", ErrorCode: "30008", updates: update("failed", "Twilio failed (error 30008)") },
    { MessageStatus: "canceled", updates: update("failed", "Twilio canceled") },
    { MessageStatus: "scheduled", updates: [] },
    { MessageStatus: "some_new_status", updates: [] },
  ])("status callback $MessageStatus → $updates.0.status", ({ MessageStatus, ErrorCode, updates }) => {
    expect(adapter.parseWebhook(connection(), signed(statusForm(MessageStatus, ErrorCode)))).toEqual({ ok: true, updates });
  });

  it("a status callback without ref (a URL set by hand) → by sid only", () => {
    const url = "https://router.example/api/v1/gateways/inst_1/twilio/tok";
    expect(adapter.parseWebhook(connection(), signed(statusForm("delivered"), url))).toEqual({
      ok: true,
      updates: [statusUpdate(sid, "delivered")],
    });
  });

  it("an inbound SMS → inbound, answered with empty TwiML", () => {
    const form: [string, string][] = [
      ["MessageSid", sid],
      ["AccountSid", SID],
      ["From", "+15557654321"],
      ["To", "+15550000001"],
      ["Body", "Hi + bye"],
      ["NumMedia", "0"],
      ["SmsStatus", "received"],
    ];
    expect(adapter.parseWebhook(connection(), signed(form, "https://router.example/api/v1/gateways/inst_1/twilio/tok"))).toEqual({
      ok: true,
      updates: [{ type: "inbound", from: "+15557654321", body: "Hi + bye", providerMessageId: sid, at: null }],
      reply: { status: 200, contentType: "text/xml", body: "<Response></Response>" },
    });
  });

  it.each([
    { name: "no MessageSid", form: [["MessageStatus", "sent"]] as [string, string][] },
    { name: "an empty body", form: [] as [string, string][] },
    { name: "JSON instead of a form", raw: '{"MessageSid":"SM1","MessageStatus":"sent"}' },
    {
      name: "an inbound without From",
      form: [
        ["MessageSid", sid],
        ["Body", "x"],
      ] as [string, string][],
    },
  ])("malformed ($name), validly signed → 400, never a throw", ({ form, raw }) => {
    const request =
      raw === undefined
        ? signed(form)
        : { ...signed([]), rawBody: raw, headers: { "x-twilio-signature": twilioSignature(TOKEN, callback, [[raw, ""]]) } };
    expect(adapter.parseWebhook(connection(), request)).toMatchObject({ ok: false, status: 400 });
  });

  it("the fake's own signed webhooks, as posted to the exact URL, verify and parse; a tampered one does not", async () => {
    await adapter.send(connection(), message, context);
    const { sid: sent } = fake.messages[0];
    expect((await fake.emitStatus(sent, "sent")).status).toBe(200);
    await fake.emitStatus(sent, "undelivered", { errorCode: 30005 });
    await fake.emitInbound(connection().inboundUrl, { from: "+15557654321", to: "+15550000001", body: "Yes" });
    await fake.emitStatus(sent, "delivered", { signature: { value: "bad" } });
    await fake.emitStatus(sent, "delivered", { signature: "none" });
    const results = receiver.requests.map((r) => adapter.parseWebhook(connection(), asInbound(r)));
    expect(results.slice(0, 3)).toEqual([
      { ok: true, updates: [statusUpdate(sent, "sent", { messageId: "msg_1" })] },
      { ok: true, updates: [statusUpdate(sent, "failed", { messageId: "msg_1", detail: "Twilio undelivered (error 30005)" })] },
      {
        ok: true,
        updates: [
          { type: "inbound", from: "+15557654321", body: "Yes", providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), at: null },
        ],
        reply: { status: 200, contentType: "text/xml", body: "<Response></Response>" },
      },
    ]);
    expect(results.slice(3)).toMatchObject([
      { ok: false, status: 401 },
      { ok: false, status: 401 },
    ]);
  });
});
