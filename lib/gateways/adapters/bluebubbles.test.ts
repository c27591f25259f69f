// The bluebubbles adapter against the fake BlueBubbles server (e2e/fakes/fake-bluebubbles.ts) over the real
// guarded HTTP client: the exact request of a send, each answer's outcome, lookups, the connection test,
// and the webhooks (docs/gateways.md §5, §7).
import { beforeEach, describe, expect, it } from "vitest";
import { adapterHarness, statusUpdate } from "@/e2e/fakes/adapter-test-kit";
import { FakeBlueBubbles } from "@/e2e/fakes/fake-bluebubbles";
import { bluebubblesAdapter as adapter } from "@/lib/gateways/adapters/bluebubbles";
import { guardedHttpClient } from "@/lib/gateways/http-client";
import type { GatewayUpdate, HttpClient, HttpRequest } from "@/lib/gateways/types";

const PASSWORD = "pass word&1";
const fake = new FakeBlueBubbles(PASSWORD);
const guarded = guardedHttpClient({ policy: { allowPrivate: true } });
/** Timeouts each request asked for; every request is cut to 500 ms so a hang does not take 130 s here. */
const asked: number[] = [];
const http: HttpClient = (request: HttpRequest) => {
  asked.push(request.timeoutMs);
  return guarded({ ...request, timeoutMs: Math.min(request.timeoutMs, 500) });
};
const kit = adapterHarness(fake, {
  adapter,
  channel: "imessage",
  connection: () => ({ config: {}, credentials: { password: PASSWORD } }),
  message: { to: "+15551234567", body: "Hello there" },
  http,
  timeoutMs: 5_000,
});
const { context, receiver, inbound } = kit;
const message = kit.message();
const connection = (credentials: { password?: string } = {}) => kit.connection({ credentials: { password: PASSWORD, ...credentials } });

beforeEach(() => {
  asked.length = 0;
});

describe("send", () => {
  it("posts the documented body with the password in the query and keeps data.guid", async () => {
    const outcome = await adapter.send(connection(), message, context);
    const [sent] = fake.received(/^\/api\/v1\/message\/text$/, "POST");
    expect(sent.query.get("password")).toBe(PASSWORD);
    expect([...sent.query.keys()]).toEqual(["password"]);
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent.body)).toEqual({
      chatGuid: "iMessage;-;+15551234567",
      tempGuid: "msg_1",
      message: "Hello there",
      method: "apple-script",
    });
    expect(outcome).toEqual({ kind: "accepted", providerMessageId: fake.messages[0].guid, detail: "HTTP 200" });
    // BlueBubbles blocks up to 2 minutes: the send waits longer than the context's 5 s.
    expect(asked).toEqual([130_000]);
  });

  it("sends an SMS-channel message to the SMS chat", async () => {
    await adapter.send(connection(), { ...message, channel: "sms" }, context);
    expect(JSON.parse(fake.requests[0].body).chatGuid).toBe("SMS;-;+15551234567");
  });

  /** BlueBubbles' answer `{ status, message, error? }` (`bb …/v1/responses/errors.ts`). */
  const answer = (status: number, message: string, error?: { type: string; message: string }) => ({
    status,
    body: { status, message, ...(error && { error }) },
  });
  const iMessageError = {
    status: 500,
    message: "Message Send Error",
    error: { type: "iMessage Error", message: "Failed to send message! See attached message error code." },
    data: { guid: "G-1", isFromMe: true, error: 22, text: "Hello there" },
  };
  const rows: { name: string; reply: { status: number; body?: unknown; headers?: Record<string, string> }; outcome: unknown }[] = [
    {
      name: "500 iMessage Error → rejected (the message exists and errored)",
      reply: { status: 500, body: iMessageError },
      outcome: {
        kind: "rejected",
        detail: "iMessage could not send it: Failed to send message! See attached message error code. (error code 22)",
      },
    },
    {
      name: "500 Server Error → unknown",
      reply: answer(500, "The server has encountered an error", { type: "Server Error", message: "boom" }),
      outcome: { kind: "unknown", detail: "Gateway answered HTTP 500: The server has encountered an error" },
    },
    {
      name: "504 Gateway Timeout → unknown",
      reply: answer(504, "The request timed-out after 300000!", { type: "Gateway Timeout", message: "x" }),
      outcome: { kind: "unknown", detail: "Gateway answered HTTP 504: The request timed-out after 300000!" },
    },
    {
      name: "401 wrong password → rejected",
      reply: answer(401, "You are not authorized to access this resource"),
      outcome: { kind: "rejected", detail: "Gateway answered HTTP 401: You are not authorized to access this resource" },
    },
    {
      name: "400 validation → rejected",
      reply: answer(400, "You've made a bad request!", { type: "Validation Error", message: "chatGuid is required" }),
      outcome: { kind: "rejected", detail: "Gateway answered HTTP 400: You've made a bad request!" },
    },
  ];
  it.each(rows)("$name", async ({ reply, outcome }) => {
    fake.misbehave({ kind: "status", ...reply });
    expect(await adapter.send(connection(), message, context)).toEqual(outcome);
  });

  it("wrong password (the fake's own 401) → rejected", async () => {
    const outcome = await adapter.send(connection({ password: "nope" }), message, context);
    expect(outcome.kind).toBe("rejected");
    expect(fake.messages).toHaveLength(0);
  });

  it("a repeat of a tempGuid still being sent → unknown (400 already queued), never a second message", async () => {
    fake.sendDelayMs = 300;
    const first = adapter.send(connection(), message, context);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await adapter.send(connection(), message, context);
    expect(second).toEqual({
      kind: "unknown",
      detail: "BlueBubbles is still sending an earlier attempt: Message is already queued to be sent! (Temp GUID: msg_1)",
    });
    expect((await first).kind).toBe("accepted");
    expect(fake.messages).toHaveLength(1);
  });

  kit.transportCases();
});

describe("lookup", () => {
  it("after a send whose answer was lost, finds it by text in the chat and names its guid", async () => {
    await kit.sendLosingTheAnswer();
    const outcome = await adapter.lookup(connection(), message, null, context);
    expect(outcome).toEqual({
      kind: "sent",
      providerMessageId: fake.messages[0].guid,
      detail: `BlueBubbles has message ${fake.messages[0].guid}`,
    });
    const [query] = fake.received(/^\/api\/v1\/message\/query$/, "POST");
    const body = JSON.parse(query.body);
    expect(body).toMatchObject({ chatGuid: "iMessage;-;+15551234567", limit: 100, sort: "DESC" });
    expect(Date.now() - body.after).toBeGreaterThanOrEqual(60 * 60 * 1000);
    expect(query.query.get("password")).toBe(PASSWORD);
  });

  it("by guid: sent, failed when it carries an error, not_found when the server has no such guid", async () => {
    await adapter.send(connection(), message, context);
    const guid = fake.messages[0].guid;
    expect(await adapter.lookup(connection(), message, guid, context)).toMatchObject({ kind: "sent", providerMessageId: guid });
    expect(fake.received(new RegExp(`^/api/v1/message/${guid}$`), "GET")).toHaveLength(1);
    fake.messages[0].error = 22;
    expect(await adapter.lookup(connection(), message, guid, context)).toEqual({ kind: "failed", detail: "iMessage error code 22" });
    expect(await adapter.lookup(connection(), message, "NO-SUCH-GUID", context)).toMatchObject({ kind: "not_found" });
  });

  it("a message never sent → not_found (no chat, or no message of ours with that text)", async () => {
    expect(await adapter.lookup(connection(), message, null, context)).toMatchObject({ kind: "not_found" });
    await adapter.send(connection(), { ...message, body: "another text" }, context);
    await fake.emitInbound(receiver.url, { address: "+15551234567", text: "Hello there" });
    expect(await adapter.lookup(connection(), message, null, context)).toMatchObject({ kind: "not_found" });
  });
});

describe("testConnection", () => {
  it("ok with the server's version, macOS and iMessage account", async () => {
    expect(await adapter.testConnection(connection(), context)).toEqual({
      ok: true,
      httpStatus: 200,
      detail: "BlueBubbles server 1.9.9 on macOS 14.5; iMessage account: fake@icloud.com",
    });
    expect(fake.requests[0].path).toBe("/api/v1/server/info");
    expect(fake.requests[0].query.get("password")).toBe(PASSWORD);
  });

  kit.testFailures([["wrong password → 401", { credentials: { password: "nope" } }, 401, "The BlueBubbles server refused the password"]]);
});

describe("parseWebhook", () => {
  const T0 = 1_760_000_000_000;
  const mine = {
    guid: "G-1",
    text: "Hello there",
    isFromMe: true,
    error: 0,
    dateCreated: T0,
    dateDelivered: null,
    dateRead: null,
    handle: null,
  };
  const status = (s: "sent" | "delivered" | "read" | "failed", over: Parameters<typeof statusUpdate>[2] = {}) =>
    statusUpdate("G-1", s, over);
  const rows: { name: string; body: unknown; updates: GatewayUpdate[] }[] = [
    {
      name: "new-message from a contact → inbound",
      body: {
        type: "new-message",
        data: { ...mine, guid: "G-9", isFromMe: false, text: "Hi!", handle: { address: "+15557654321", service: "iMessage" } },
      },
      updates: [{ type: "inbound", from: "+15557654321", body: "Hi!", providerMessageId: "G-9", at: new Date(T0) }],
    },
    {
      name: "new-message of our API send (tempGuid) → sent, by our id and the guid",
      body: { type: "new-message", data: { ...mine, tempGuid: "msg_1" } },
      updates: [status("sent", { messageId: "msg_1", at: new Date(T0) })],
    },
    { name: "new-message from me without tempGuid (typed on the Mac) → nothing", body: { type: "new-message", data: mine }, updates: [] },
    {
      name: "updated-message with dateDelivered → delivered",
      body: { type: "updated-message", data: { ...mine, dateDelivered: T0 + 1000 } },
      updates: [status("delivered", { at: new Date(T0 + 1000) })],
    },
    {
      name: "updated-message with dateRead → read",
      body: { type: "updated-message", data: { ...mine, dateDelivered: T0 + 1000, dateRead: T0 + 2000 } },
      updates: [status("read", { at: new Date(T0 + 2000) })],
    },
    {
      name: "updated-message with an error → failed",
      body: { type: "updated-message", data: { ...mine, error: 22 } },
      updates: [status("failed", { detail: "iMessage error code 22" })],
    },
    { name: "updated-message with nothing new → nothing", body: { type: "updated-message", data: mine }, updates: [] },
    {
      name: "updated-message on a message we received → nothing",
      body: { type: "updated-message", data: { ...mine, isFromMe: false, dateRead: T0 } },
      updates: [],
    },
    {
      name: "message-send-error (code 4) → failed, by our tempGuid",
      body: { type: "message-send-error", data: { ...mine, error: 4, tempGuid: "msg_1" } },
      updates: [status("failed", { messageId: "msg_1", detail: "iMessage error code 4 (timeout)", at: new Date(T0) })],
    },
    {
      name: "an event we do not use → nothing",
      body: { type: "typing-indicator", data: { display: true, guid: "iMessage;-;+1555" } },
      updates: [],
    },
  ];
  it.each(rows)("$name", ({ body, updates }) => {
    expect(adapter.parseWebhook(connection(), inbound(JSON.stringify(body)))).toEqual({ ok: true, updates });
  });

  it.each([
    { name: "not JSON", raw: "{nope" },
    { name: "no type", raw: JSON.stringify({ data: {} }) },
    { name: "a message without guid", raw: JSON.stringify({ type: "new-message", data: { isFromMe: false, text: "x" } }) },
    { name: "an empty body", raw: "" },
  ])("malformed ($name) → 400, never a throw", ({ raw }) => {
    expect(adapter.parseWebhook(connection(), inbound(raw))).toMatchObject({ ok: false, status: 400 });
  });

  it("without the inbound token → 401 (BlueBubbles signs nothing)", () => {
    const body = JSON.stringify({ type: "new-message", data: mine });
    expect(adapter.parseWebhook(connection(), { ...inbound(body), tokenOk: false })).toMatchObject({ ok: false, status: 401 });
  });

  it("the fake's own webhooks, as posted, parse into the updates of the whole story", async () => {
    await adapter.send(connection(), message, context);
    const guid = fake.messages[0].guid;
    const url = connection().inboundUrl;
    await fake.emitSent(url, guid);
    await fake.emitUpdated(url, guid, "delivered");
    await fake.emitUpdated(url, guid, "read");
    await fake.emitSendError(url, guid, 4);
    await fake.emitInbound(url, { address: "+15557654321", text: "Thanks" });
    const parsed = receiver.requests.map((r) => adapter.parseWebhook(connection(), inbound(r.body)));
    const summary = parsed.map((p) =>
      p.ok
        ? p.updates.map((u) =>
            u.type === "message_status" ? `${u.status}:${u.messageId}:${u.providerMessageId}` : `${u.type}:${"from" in u ? u.from : ""}`,
          )
        : p,
    );
    expect(summary).toEqual([
      [`sent:msg_1:${guid}`],
      [`delivered:null:${guid}`],
      [`read:null:${guid}`],
      [`failed:msg_1:${guid}`],
      ["inbound:+15557654321"],
    ]);
    expect(receiver.requests.every((r) => r.headers["content-type"] === "application/json")).toBe(true);
  });
});
