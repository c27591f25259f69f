// The waha adapter against the fake WAHA (e2e/fakes/fake-waha.ts) over the real guarded HTTP
// client: the exact requests, every error class, lookups after a lost answer, the connection test,
// and each webhook the fake posts turned into our updates.
import { describe, expect, it } from "vitest";
import { inboundUpdate, instanceUpdate as instance, statusUpdate, whatsappHarness } from "@/e2e/fakes/adapter-test-kit";
import { FakeWaha } from "@/e2e/fakes/fake-waha";
import { wahaAdapter } from "@/lib/gateways/adapters/waha";

const kit = whatsappHarness(new FakeWaha({ apiKey: "waha-secret", session: "default" }), wahaAdapter, "session");
const { fake, connection, message, context, receiver, parsed } = kit;

describe("send", () => {
  it("posts session, chatId and text to /api/sendText with X-Api-Key and builds the NOWEB message id", async () => {
    const { outcome, request } = await kit.sendOnce(/sendText/);
    expect([request.method, request.path]).toEqual(["POST", "/api/sendText"]);
    expect(request.headers["x-api-key"]).toBe("waha-secret");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({ session: "default", chatId: "15551230002@c.us", text: "Hello from the router" });
    expect(fake.messages[0].id).toMatch(/^true_15551230002@c\.us_3EB0[0-9A-F]{16}$/);
    expect(outcome).toEqual({ kind: "accepted", providerMessageId: fake.messages[0].id, detail: "HTTP 201" });
  });

  it("takes the WEBJS engine's id._serialized", async () => {
    fake.engine = "WEBJS";
    const outcome = await wahaAdapter.send(connection(), message(), context);
    expect(outcome).toEqual({ kind: "accepted", providerMessageId: fake.messages[0].id, detail: "HTTP 201" });
  });

  it("accepts an empty 201 body without an id", async () => {
    fake.misbehave({ kind: "status", status: 201, body: "" });
    expect(await wahaAdapter.send(connection(), message(), context)).toEqual({
      kind: "accepted",
      providerMessageId: null,
      detail: "HTTP 201",
    });
  });

  kit.transportCases();

  kit.sendRejections([
    ["401 wrong key → rejected", { credentials: { apiKey: "wrong" } }, "Gateway answered HTTP 401: Unauthorized"],
    ["404 unknown session → rejected", { config: { session: "other" } }, "Gateway answered HTTP 404: Session not found"],
  ]);

  kit.sendAnswers([
    {
      name: "422 session not WORKING → retry (nothing was sent)",
      arrange: () => {
        fake.status = "STARTING";
      },
      expected: {
        kind: "retry",
        retryAfterMs: null,
        detail: "WAHA session is not working (HTTP 422): Session status is not as expected. Try again later or restart the session",
      },
    },
    {
      name: "another 422 → rejected",
      arrange: () => fake.misbehave({ kind: "status", status: 422, body: { message: "Unprocessable", statusCode: 422 } }),
      expected: { kind: "rejected", detail: "Gateway answered HTTP 422: Unprocessable" },
    },
    { name: "500 → unknown (look it up)", arrange: () => fake.misbehave({ kind: "status", status: 500 }), expected: { kind: "unknown" } },
    {
      name: "400 validation → rejected",
      arrange: () => fake.misbehave({ kind: "status", status: 400, body: { message: ["chatId must be a string"], statusCode: 400 } }),
      expected: { kind: "rejected", detail: "Gateway answered HTTP 400: chatId must be a string" },
    },
  ]);
});

describe("lookup", () => {
  it("finds a message WAHA sent while its answer was lost (no provider id)", async () => {
    await kit.sendLosingTheAnswer();
    const outcome = await wahaAdapter.lookup(connection(), message(), null, context);
    expect(outcome).toEqual({ kind: "sent", providerMessageId: fake.messages[0].id, detail: "WAHA has it" });
    const [request] = fake.received(/messages/, "GET");
    expect(request.path).toBe("/api/default/chats/15551230002%40c.us/messages");
    expect(request.headers["x-api-key"]).toBe("waha-secret");
    expect(request.query.get("limit")).toBe("100");
    expect(request.query.get("filter.fromMe")).toBe("true");
    expect(Math.floor(Date.now() / 1000) - Number(request.query.get("filter.timestamp.gte"))).toBeGreaterThanOrEqual(3600);
    expect(Math.floor(Date.now() / 1000) - Number(request.query.get("filter.timestamp.gte"))).toBeLessThan(3610);
  });

  it("finds it by id in its chat when a provider id is known", async () => {
    await wahaAdapter.send(connection(), message(), context);
    const id = fake.messages[0].id;
    expect(await wahaAdapter.lookup(connection(), message(), id, context)).toEqual({
      kind: "sent",
      providerMessageId: id,
      detail: "WAHA has it",
    });
    const requests = fake.received(/messages/, "GET");
    expect(requests.map((r) => r.path)).toEqual([`/api/default/chats/15551230002%40c.us/messages/${encodeURIComponent(id)}`]);
  });

  it("answers not_found for a message never sent, or sent with another text", async () => {
    await wahaAdapter.send(connection(), message({ body: "Another text" }), context);
    expect(await wahaAdapter.lookup(connection(), message(), null, context)).toEqual({
      kind: "not_found",
      detail: "WAHA has no such message in the chat",
    });
    // By id: the id route answers 404, the list does not have it either.
    expect(await wahaAdapter.lookup(connection(), message(), "true_15551230002@c.us_3EB0FFFF", context)).toMatchObject({
      kind: "not_found",
    });
    expect(
      fake
        .received(/messages/, "GET")
        .slice(-2)
        .map((r) => r.path),
    ).toEqual([
      `/api/default/chats/15551230002%40c.us/messages/${encodeURIComponent("true_15551230002@c.us_3EB0FFFF")}`,
      "/api/default/chats/15551230002%40c.us/messages",
    ]);
  });

  it("answers failed when WhatsApp acked ERROR", async () => {
    await wahaAdapter.send(connection(), message(), context);
    await fake.emitAck(receiver.url, fake.messages[0].id, -1);
    expect(await wahaAdapter.lookup(connection(), message(), fake.messages[0].id, context)).toMatchObject({ kind: "failed" });
  });

  it("answers unknown when WAHA cannot be asked", async () => {
    fake.status = "FAILED";
    expect(await wahaAdapter.lookup(connection(), message(), null, context)).toMatchObject({ kind: "unknown" });
  });
});

describe("testConnection", () => {
  const cases = [
    { status: "WORKING", detail: 'Session "default" is connected to WhatsApp', instanceStatus: { status: "connected", reason: null } },
    { status: "STARTING", detail: 'Session "default" is starting', instanceStatus: { status: "connecting", reason: null } },
    {
      status: "SCAN_QR_CODE",
      detail: 'Session "default" is waiting for its QR code to be scanned',
      instanceStatus: { status: "qr_pending", reason: null },
    },
    {
      status: "FAILED",
      detail: 'Session "default" has failed: restart it in WAHA, or scan its QR code again',
      instanceStatus: { status: "disconnected", reason: "transient" },
    },
    {
      status: "STOPPED",
      detail: 'Session "default" is stopped: start it in WAHA',
      instanceStatus: { status: "disconnected", reason: "transient" },
    },
  ] as const;
  it.each(cases)("reads status $status", async ({ status, detail, instanceStatus }) => {
    fake.status = status;
    expect(await wahaAdapter.testConnection(connection(), context)).toEqual({ ok: true, httpStatus: 200, detail, instanceStatus });
    const [request] = fake.received(/sessions/);
    expect([request.method, request.path, request.headers["x-api-key"]]).toEqual(["GET", "/api/sessions/default", "waha-secret"]);
  });

  kit.testFailures([
    ["a wrong key → 401", { credentials: { apiKey: "wrong" } }, 401, "WAHA refused the API key (HTTP 401)"],
    ["an unknown session → 404", { config: { session: "sales" } }, 404, 'WAHA has no session named "sales" (HTTP 404)'],
  ]);
});

describe("parseWebhook", () => {
  const id = "true_15551230002@c.us_3EB0C767D097B7C7C030";
  const status = (s: "sent" | "delivered" | "read" | "failed", detail: string | null = null) => statusUpdate(id, s, { detail });

  kit.webhookRows([
    ...(
      [
        [1, "SERVER", [status("sent")]],
        [2, "DEVICE", [status("delivered")]],
        [3, "READ", [status("read")]],
        [4, "PLAYED", [status("read")]],
        [-1, "ERROR", [status("failed", "WhatsApp reported an error (WAHA ack ERROR)")]],
        [0, "PENDING", []],
      ] as const
    ).map(([ack, name, updates]) => ({
      name: `ack ${ack} ${name} → ${updates[0]?.status ?? "nothing"}`,
      emit: (url: string) => fake.emitAck(url, id, ack),
      updates: [...updates],
    })),
    {
      name: "an ack of a message the contact sent → nothing",
      emit: (url) => fake.emit(url, "message.ack", { id: "false_1@c.us_3EB0", fromMe: false, ack: 3, ackName: "READ" }),
      updates: [],
    },
    { name: "SCAN_QR_CODE → qr_pending", emit: (url) => fake.emitSessionStatus(url, "SCAN_QR_CODE"), updates: [instance("qr_pending")] },
    { name: "STARTING → connecting", emit: (url) => fake.emitSessionStatus(url, "STARTING"), updates: [instance("connecting")] },
    {
      name: "WORKING → connecting, then connected",
      emit: (url) => fake.emitSessionStatus(url, "WORKING"),
      updates: [instance("connecting"), instance("connected")],
    },
    {
      name: "FAILED → transient (SPEC)",
      emit: (url) => fake.emitSessionStatus(url, "FAILED"),
      updates: [instance("disconnected", "transient")],
    },
    {
      name: "STOPPED → transient",
      emit: (url) => fake.emitSessionStatus(url, "STOPPED"),
      updates: [instance("disconnected", "transient")],
    },
    { name: "a group message → nothing", emit: (url) => fake.emitInbound(url, "+15551230002", "hi all", { group: true }), updates: [] },
    { name: "our own message → nothing", emit: (url) => fake.emitInbound(url, "+15551230002", "hi", { fromMe: true }), updates: [] },
    { name: "another event (state.change) → nothing", emit: (url) => fake.emit(url, "state.change", { state: "CONNECTED" }), updates: [] },
    {
      name: "another session's event (a global hook) → nothing",
      emit: (url) => new FakeWaha({ session: "sales" }).emitSessionStatus(url, "FAILED"),
      updates: [],
    },
  ]);

  it("message from a phone → inbound", async () => {
    const result = await parsed((url) => fake.emitInbound(url, "+15551230002", "Hi, is it open?"));
    const payload = JSON.parse(receiver.requests[0].body).payload;
    expect(payload.id).toMatch(/^false_15551230002@c\.us_3EB0/);
    expect(result).toEqual({
      ok: true,
      updates: [inboundUpdate("+15551230002", "Hi, is it open?", payload.id, new Date(payload.timestamp * 1000))],
    });
  });

  describe("a message from a @lid sender (§4.5: no phone in it)", () => {
    /** The fake posts it; the parse passes the lid on as the sender. */
    async function fromLid(options: { lid: true | "unknown" }) {
      const result = await parsed((url) => fake.emitInbound(url, "+15551230002", "Hi from a lid", options));
      const payload = JSON.parse(receiver.requests[0].body).payload;
      expect(payload.from).toMatch(/^\d{15}@lid$/);
      const update = inboundUpdate(payload.from, "Hi from a lid", payload.id, new Date(payload.timestamp * 1000));
      expect(result).toEqual({ ok: true, updates: [update] });
      return update;
    }
    const ack = statusUpdate(id, "read");

    it("is completed with the number WAHA maps the lid to (GET /api/{session}/lids/{lid}); other updates pass", async () => {
      const update = await fromLid({ lid: true });
      expect(await wahaAdapter.completeUpdates?.(connection(), [update, ack], context)).toEqual([{ ...update, from: "+15551230002" }, ack]);
      const [request] = fake.received(/lids/);
      expect([request.method, request.path, request.headers["x-api-key"]]).toEqual([
        "GET",
        `/api/default/lids/${encodeURIComponent(update.from)}`,
        "waha-secret",
      ]);
    });

    it("is left out while WAHA has not learned the number (pn null)", async () => {
      const update = await fromLid({ lid: "unknown" });
      expect(await wahaAdapter.completeUpdates?.(connection(), [update, ack], context)).toEqual([ack]);
    });

    it("is left out when WAHA cannot be asked (the session is not working)", async () => {
      const update = await fromLid({ lid: true });
      fake.status = "FAILED";
      expect(await wahaAdapter.completeUpdates?.(connection(), [update], context)).toEqual([]);
    });
  });

  it("takes `at` from the envelope's timestamp (newer builds)", () => {
    const rawBody = JSON.stringify({
      event: "message.ack",
      session: "default",
      timestamp: 1_764_000_000_000,
      payload: { id, fromMe: true, ack: 2 },
    });
    expect(wahaAdapter.parseWebhook(connection(), kit.inbound(rawBody))).toEqual({
      ok: true,
      updates: [{ ...status("delivered"), at: new Date(1_764_000_000_000) }],
    });
  });

  it("sends the documented envelope", async () => {
    await parsed((url) => fake.emitSessionStatus(url, "WORKING"));
    const body = JSON.parse(receiver.requests[0].body);
    expect(Object.keys(body)).toEqual(["event", "session", "metadata", "me", "payload", "engine", "environment"]);
    expect(body).toMatchObject({
      event: "session.status",
      session: "default",
      me: { id: "15550000001@c.us" },
      payload: { name: "default", status: "WORKING" },
    });
  });

  kit.webhookRefusals(
    (url) => fake.emitSessionStatus(url, "WORKING"),
    [
      { name: "not JSON", rawBody: "<xml/>" },
      { name: "no session", rawBody: JSON.stringify({ event: "message", payload: {} }) },
      {
        name: "a message.ack with a text ack",
        rawBody: JSON.stringify({ event: "message.ack", session: "default", payload: { id, ack: "READ" } }),
      },
      {
        name: "a session.status without status",
        rawBody: JSON.stringify({ event: "session.status", session: "default", payload: { name: "default" } }),
      },
      {
        name: "a message without id",
        rawBody: JSON.stringify({ event: "message", session: "default", payload: { from: "1@c.us", body: "x" } }),
      },
      { name: "an array", rawBody: "[]" },
    ],
  );
});
