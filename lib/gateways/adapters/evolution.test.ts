// The evolution adapter against the fake Evolution API (e2e/fakes/fake-evolution-api.ts) over the
// real guarded HTTP client: the exact requests, every error class, lookups after a lost answer,
// the connection test, and each webhook the fake posts turned into our updates.
import { describe, expect, it } from "vitest";
import { inboundUpdate, instanceUpdate as instance, statusUpdate, whatsappHarness } from "@/e2e/fakes/adapter-test-kit";
import { FakeEvolutionApi } from "@/e2e/fakes/fake-evolution-api";
import { evolutionAdapter } from "@/lib/gateways/adapters/evolution";

const kit = whatsappHarness(new FakeEvolutionApi({ apiKey: "evo-secret", instance: "sales 1" }), evolutionAdapter, "instance");
const { fake, connection, message, context, receiver, parsed } = kit;

describe("send", () => {
  it("posts the text to sendText/{instance} with the apikey header and keeps key.id", async () => {
    const { outcome, request } = await kit.sendOnce(/sendText/);
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/message/sendText/sales%201");
    expect(request.headers.apikey).toBe("evo-secret");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({ number: "15551230002", text: "Hello from the router" });
    expect(fake.messages).toHaveLength(1);
    expect(outcome).toEqual({ kind: "accepted", providerMessageId: fake.messages[0].key.id, detail: "HTTP 201" });
    expect(fake.messages[0].key.id).toMatch(/^BAE5[0-9A-F]{12}$/);
  });

  kit.transportCases();

  kit.sendRejections([
    ["401 wrong key → rejected", { credentials: { apiKey: "wrong" } }, "Gateway answered HTTP 401: Unauthorized"],
    ["404 unknown instance → rejected", { config: { instance: "nope" } }, 'Gateway answered HTTP 404: The "nope" instance does not exist'],
  ]);

  kit.sendAnswers([
    { name: "500 → unknown (look it up)", arrange: () => fake.misbehave({ kind: "status", status: 500 }), expected: { kind: "unknown" } },
    {
      name: "502 from a proxy → unknown",
      arrange: () => fake.misbehave({ kind: "status", status: 502, body: "Bad Gateway" }),
      expected: { kind: "unknown" },
    },
    {
      name: "400 number not on WhatsApp → rejected",
      arrange: () => fake.markUnregistered("+15557770000"),
      to: "+15557770000",
      expected: {
        kind: "rejected",
        detail: 'Gateway answered HTTP 400: {"jid":"15557770000@s.whatsapp.net","exists":false,"number":"15557770000"}',
      },
    },
    {
      name: "400 Connection Closed → rejected (SPEC: other 4xx fail at once)",
      arrange: () => {
        fake.state = "close";
      },
      expected: { kind: "rejected", detail: "Gateway answered HTTP 400: Error: Connection Closed" },
    },
  ]);
});

describe("lookup", () => {
  it("finds a message Evolution sent while its answer was lost (no provider id)", async () => {
    await kit.sendLosingTheAnswer();
    const outcome = await evolutionAdapter.lookup(connection(), message(), null, context);
    expect(outcome).toEqual({ kind: "sent", providerMessageId: fake.messages[0].key.id, detail: "Evolution has it" });
    const [request] = fake.received(/findMessages/);
    expect(request.path).toBe("/chat/findMessages/sales%201");
    expect(request.headers.apikey).toBe("evo-secret");
    const query = JSON.parse(request.body);
    expect(query).toMatchObject({ where: { key: { fromMe: true } }, offset: 100, page: 1 });
    const window = Date.parse(query.where.messageTimestamp.lte) - Date.parse(query.where.messageTimestamp.gte);
    expect(window).toBe(61 * 60_000);
  });

  it("finds it by key.id when a provider id is known", async () => {
    await evolutionAdapter.send(connection(), message(), context);
    const id = fake.messages[0].key.id;
    const outcome = await evolutionAdapter.lookup(connection(), message(), id, context);
    expect(outcome).toEqual({ kind: "sent", providerMessageId: id, detail: "Evolution has it" });
    expect(JSON.parse(fake.received(/findMessages/)[0].body)).toEqual({ where: { key: { id } }, offset: 100, page: 1 });
  });

  it("matches a Brazilian number Evolution stored without its 9th digit", async () => {
    const brazil = message({ to: "+5531987654321" });
    await evolutionAdapter.send(connection(), brazil, context);
    expect(fake.messages[0].key.remoteJid).toBe("553187654321@s.whatsapp.net");
    expect(await evolutionAdapter.lookup(connection(), brazil, null, context)).toMatchObject({ kind: "sent" });
  });

  it("answers not_found for a message never sent, or sent with another text or to another number", async () => {
    await evolutionAdapter.send(connection(), message({ to: "+15551230003" }), context);
    await evolutionAdapter.send(connection(), message({ body: "Another text" }), context);
    expect(await evolutionAdapter.lookup(connection(), message(), null, context)).toEqual({
      kind: "not_found",
      detail: "Evolution has no such message",
    });
    expect(await evolutionAdapter.lookup(connection(), message(), "BAE5000000000000", context)).toMatchObject({ kind: "not_found" });
  });

  it("answers failed when WhatsApp reported ERROR for it", async () => {
    await evolutionAdapter.send(connection(), message(), context);
    await fake.emitMessageUpdate(receiver.url, fake.messages[0].key.id, "ERROR");
    expect(await evolutionAdapter.lookup(connection(), message(), null, context)).toMatchObject({ kind: "failed" });
  });

  it("answers unknown when Evolution cannot be asked", async () => {
    fake.misbehave({ kind: "status", status: 500 });
    expect(await evolutionAdapter.lookup(connection(), message(), null, context)).toMatchObject({ kind: "unknown" });
    expect(await evolutionAdapter.lookup(connection({ credentials: { apiKey: "wrong" } }), message(), null, context)).toMatchObject({
      kind: "unknown",
      detail: "Evolution answered HTTP 401: Unauthorized",
    });
  });
});

describe("testConnection", () => {
  const cases = [
    {
      state: "open",
      ok: true,
      detail: 'Instance "sales 1" is connected to WhatsApp',
      instanceStatus: { status: "connected", reason: null },
    },
    {
      state: "connecting",
      ok: true,
      detail: 'Instance "sales 1" is connecting to WhatsApp',
      instanceStatus: { status: "connecting", reason: null },
    },
    {
      state: "refused",
      ok: true,
      detail: 'Instance "sales 1" reached its QR code limit: log in again in Evolution',
      instanceStatus: { status: "disconnected", reason: "logged_out" },
    },
    {
      state: "close",
      ok: true,
      detail: 'Instance "sales 1" is not connected to WhatsApp (state close): scan its QR code in Evolution',
      instanceStatus: undefined,
    },
  ] as const;
  it.each(cases)("reads state $state", async ({ state, ok, detail, instanceStatus }) => {
    fake.state = state;
    const outcome = await evolutionAdapter.testConnection(connection(), context);
    expect(outcome).toEqual({ ok, httpStatus: 200, detail, ...(instanceStatus && { instanceStatus }) });
    const [request] = fake.received(/connectionState/);
    expect([request.method, request.path, request.headers.apikey]).toEqual(["GET", "/instance/connectionState/sales%201", "evo-secret"]);
  });

  kit.testFailures([
    ["a wrong key → 401", { credentials: { apiKey: "wrong" } }, 401, "Evolution refused the API key (HTTP 401)"],
    ["an unknown instance → 404", { config: { instance: "other" } }, 404, 'Evolution has no instance named "other" (HTTP 404)'],
  ]);
});

describe("parseWebhook", () => {
  const status = (s: "sent" | "delivered" | "read" | "failed", detail: string | null = null) =>
    statusUpdate("BAE594145F4C59B4", s, { detail });

  kit.webhookRows([
    ...(
      [
        ["SERVER_ACK", [status("sent")]],
        ["DELIVERY_ACK", [status("delivered")]],
        ["READ", [status("read")]],
        ["PLAYED", [status("read")]],
        ["ERROR", [status("failed", "WhatsApp reported an error (Evolution status ERROR)")]],
        ["PENDING", []],
      ] as const
    ).map(([ack, updates]) => ({
      name: `${ack} → ${updates[0]?.status ?? "nothing"}`,
      emit: (url: string) => fake.emitMessageUpdate(url, "BAE594145F4C59B4", ack),
      updates: [...updates],
    })),
    {
      name: "DELETED → nothing",
      emit: (url) =>
        fake.emit(url, "messages.update", { keyId: "BAE594145F4C59B4", remoteJid: "1@s.whatsapp.net", fromMe: true, status: "DELETED" }),
      updates: [],
    },
    {
      name: "a status of a message the contact sent → nothing",
      emit: (url) => fake.emit(url, "messages.update", { keyId: "3EB0AA", remoteJid: "1@s.whatsapp.net", fromMe: false, status: "READ" }),
      updates: [],
    },
    {
      name: "the upper-case enum name MESSAGES_UPDATE",
      emit: (url) => fake.emit(url, "MESSAGES_UPDATE", { keyId: "BAE594145F4C59B4", fromMe: true, status: "DELIVERY_ACK" }),
      updates: [status("delivered")],
    },
    { name: "open → connected", emit: (url) => fake.emitConnectionUpdate(url, "open"), updates: [instance("connected")] },
    {
      name: "connecting → transient, then connecting",
      emit: (url) => fake.emitConnectionUpdate(url, "connecting"),
      updates: [instance("disconnected", "transient"), instance("connecting")],
    },
    ...(
      [
        [401, "logged_out"],
        [403, "banned"],
        [402, "logged_out"],
        [406, "logged_out"],
        [428, "transient"],
      ] as const
    ).map(([code, reason]) => ({
      name: `close ${code} → ${reason}`,
      emit: (url: string) => fake.emitConnectionUpdate(url, "close", code),
      updates: [instance("disconnected", reason)],
    })),
    {
      name: "refused → logged_out",
      emit: (url) => fake.emitConnectionUpdate(url, "refused", 428),
      updates: [instance("disconnected", "logged_out")],
    },
    { name: "qrcode.updated → qr_pending", emit: (url) => fake.emitQrCode(url), updates: [instance("qr_pending")] },
    {
      name: "the QR limit notice → nothing (the refused update follows)",
      emit: (url) => fake.emit(url, "qrcode.updated", { message: "QR code limit reached, please login again", statusCode: 500 }),
      updates: [],
    },
    { name: "a group message → nothing", emit: (url) => fake.emitInbound(url, "+15551230002", "hi all", { group: true }), updates: [] },
    { name: "our own message echoed → nothing", emit: (url) => fake.emitInbound(url, "+15551230002", "hi", { fromMe: true }), updates: [] },
    { name: "another event (send.message) → nothing", emit: (url) => fake.emit(url, "send.message", { key: { id: "BAE5" } }), updates: [] },
    {
      name: "another instance's event (a global webhook) → nothing",
      emit: (url) => new FakeEvolutionApi({ instance: "someone else" }).emitConnectionUpdate(url, "close", 401),
      updates: [],
    },
  ]);

  it.each([
    { name: "a phone JID", lid: false },
    { name: "LID addressing (the phone in remoteJidAlt)", lid: true },
  ])("messages.upsert from $name → inbound", async ({ lid }) => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const result = await parsed((url) => fake.emitInbound(url, "+15551230002", "Hi, is it open?", { lid }));
    const data = JSON.parse(receiver.requests[0].body).data;
    expect(result).toEqual({
      ok: true,
      updates: [inboundUpdate("+15551230002", "Hi, is it open?", data.key.id, new Date(data.messageTimestamp * 1000))],
    });
    expect(data.messageTimestamp * 1000).toBeGreaterThanOrEqual(before);
  });

  it("reads an event posted byEvents (the event name appended to the URL)", async () => {
    fake.byEvents = true;
    const result = await parsed((url) => fake.emitMessageUpdate(url, "BAE594145F4C59B4", "READ"));
    expect(receiver.requests[0].path).toBe("/api/v1/gateways/inst_1/evolution/token/messages-update");
    expect(result).toEqual({ ok: true, updates: [status("read")] });
  });

  it("sends the documented envelope", async () => {
    await parsed((url) => fake.emitConnectionUpdate(url, "open"));
    const body = JSON.parse(receiver.requests[0].body);
    expect(Object.keys(body)).toEqual(["event", "instance", "data", "destination", "date_time", "sender", "server_url", "apikey"]);
    expect(body).toMatchObject({
      event: "connection.update",
      instance: "sales 1",
      sender: "15550000001@s.whatsapp.net",
      server_url: fake.url,
    });
  });

  kit.webhookRefusals(
    (url) => fake.emitConnectionUpdate(url, "open"),
    [
      { name: "not JSON", rawBody: "event=messages.update" },
      { name: "no event", rawBody: JSON.stringify({ instance: "sales 1", data: {} }) },
      {
        name: "a messages.update without keyId",
        rawBody: JSON.stringify({ event: "messages.update", instance: "sales 1", data: { status: "READ" } }),
      },
      { name: "a connection.update without state", rawBody: JSON.stringify({ event: "connection.update", data: { statusReason: 401 } }) },
      {
        name: "a messages.upsert without key",
        rawBody: JSON.stringify({ event: "messages.upsert", data: { message: { conversation: "x" } } }),
      },
      { name: "null", rawBody: "null" },
    ],
  );
});
