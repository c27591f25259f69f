// The common setup of the adapter tests (lib/gateways/adapters/*.test.ts, Vitest only): the vendor's
// fake and a receiver for the webhooks it posts, started once and reset before each test; the
// connection and message the adapter is handed; the fake taken down for a test; a webhook the fake
// posted, as the route hands it to the adapter; and the transport rules every adapter shares (SPEC §6:
// never reached → retry, sent with no answer → unknown, a lookup that cannot ask → unknown).
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { Channel } from "@/lib/engine/types";
import { guardedHttpClient } from "@/lib/gateways/http-client";
import type { GatewayAdapter, GatewayConnection, GatewayUpdate, HttpClient, InboundRequest, OutboundMessage } from "@/lib/gateways/types";
import { FakeGatewayServer, type FakeReply, type RecordedRequest } from "./fake-gateway-server";

/** Makes the fake post a webhook to `url`. */
type Emit = (url: string) => Promise<unknown>;

type SendAnswer = { name: string; arrange?: () => void; to?: string; expected: object };

/** A connection test that fails: its name, the connection's changes, the gateway's HTTP status and the detail shown. */
type TestFailure = [name: string, over: Partial<GatewayConnection>, httpStatus: number, detail: string];
/** A send the gateway rejects: its name, the connection's changes and the outcome's detail. */
type SendRejection = [name: string, over: Partial<GatewayConnection>, detail: string];

type Options<F> = {
  /** The adapter under test: every helper below calls it. */
  adapter: GatewayAdapter;
  channel: Channel;
  /** The vendor's connection fields, read from its fake. */
  connection: (fake: F) => Pick<GatewayConnection, "config" | "credentials"> & Partial<GatewayConnection>;
  /** The message the tests send (overridable per call). */
  message: Pick<OutboundMessage, "to" | "body">;
  /** The client the adapter is handed; the real guarded one on loopback by default. */
  http?: HttpClient;
  /** The context's timeout; a hang is always cut at 500 ms. */
  timeoutMs?: number;
  /** What the receiver answers the fake's webhooks. */
  receiverReply?: FakeReply;
};

export function adapterHarness<F extends FakeGatewayServer>(fake: F, options: Options<F>) {
  const { adapter } = options;
  const http = options.http ?? guardedHttpClient({ policy: { allowPrivate: true } });
  const reply = options.receiverReply ?? { status: 200, body: { ok: true } };
  /** Where the fake posts its webhooks: records them as they arrived. */
  const receiver = new FakeGatewayServer([{ method: "POST", pattern: /.*/, handle: () => reply }]);
  beforeAll(async () => {
    await fake.start();
    await receiver.start();
  });
  afterAll(async () => {
    await fake.stop();
    await receiver.stop();
  });
  beforeEach(() => {
    fake.reset();
    receiver.clear();
  });

  /** A request the receiver recorded, as the route hands it to the adapter (the URL as called, token checked). */
  function asInbound(recorded: RecordedRequest): InboundRequest {
    const query = recorded.query.toString();
    return {
      url: `${receiver.url}${recorded.path}${query ? `?${query}` : ""}`,
      headers: Object.fromEntries(Object.entries(recorded.headers).map(([k, v]) => [k, String(v)])),
      rawBody: recorded.body,
      tokenOk: true,
    };
  }

  const kit = {
    fake,
    receiver,
    context: { http, timeoutMs: options.timeoutMs ?? 2_000 },
    connection(overrides: Partial<GatewayConnection> = {}): GatewayConnection {
      return {
        kind: adapter.kind,
        instanceId: "inst_1",
        channel: options.channel,
        instancePhone: "+15550000001",
        url: fake.url,
        inboundUrl: `${receiver.url}/api/v1/gateways/inst_1/${adapter.kind}/token`,
        ...options.connection(fake),
        ...overrides,
      };
    },
    message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
      return { messageId: "msg_1", channel: options.channel, ...options.message, ...overrides };
    },
    /** Runs `act` with the fake down (connections refused), then starts it again on its port. */
    async whileDown<T>(act: () => Promise<T>): Promise<T> {
      await fake.stop();
      try {
        return await act();
      } finally {
        await fake.start();
      }
    },
    asInbound,
    /** What the fake posted to the connection's inbound URL while `emit` ran. */
    async emitted(emit: Emit): Promise<InboundRequest> {
      receiver.clear();
      await emit(kit.connection().inboundUrl);
      expect(receiver.requests).toHaveLength(1);
      return asInbound(receiver.requests[0]);
    },
    /** What the fake posted while `emit` ran, parsed by the adapter as the route hands it over. */
    async parsed(emit: Emit, tokenOk = true) {
      return adapter.parseWebhook(kit.connection(), { ...(await kit.emitted(emit)), tokenOk });
    },
    /** One test a row: what the fake posted while `emit` ran parses into `updates`. */
    webhookRows(rows: { name: string; emit: Emit; updates: unknown[] }[]) {
      it.each(rows)("$name", async ({ emit, updates }) => {
        expect(await kit.parsed(emit)).toEqual({ ok: true, updates });
      });
    },
    /** One test a row `[name, over, httpStatus, detail]`: the connection test with `over` fails with the gateway's status, in these words. */
    testFailures(rows: TestFailure[]) {
      it.each(rows)("$0", async (_name, over, httpStatus, detail) => {
        expect(await adapter.testConnection(kit.connection(over), kit.context)).toEqual({ ok: false, httpStatus, detail });
      });
    },
    /**
     * A webhook signed by nothing but the inbound token: what `emit` posts is refused with 401 when
     * the token did not match, and each hand-written bad body is a 400, never a throw.
     */
    webhookRefusals(emit: Emit, badBodies: { name: string; rawBody: string }[]) {
      it("refuses a request without the inbound token (the gateway signs nothing)", async () => {
        expect(await kit.parsed(emit, false)).toEqual({ ok: false, status: 401, message: "Unknown inbound token" });
      });
      it.each(badBodies)("answers 400 for $name, never throws", ({ rawBody }) => {
        expect(adapter.parseWebhook(kit.connection(), kit.inbound(rawBody))).toMatchObject({ ok: false, status: 400 });
      });
    },
    /** A webhook request written by hand (token checked). */
    inbound(rawBody: string, overrides: Partial<InboundRequest> = {}): InboundRequest {
      return { url: kit.connection().inboundUrl, headers: { "content-type": "application/json" }, rawBody, tokenOk: true, ...overrides };
    },
    /** Sends while the gateway takes the message but never answers: unknown, and the fake holds the message. */
    async sendLosingTheAnswer() {
      fake.misbehave({ kind: "hang_after_processing" });
      expect((await adapter.send(kit.connection(), kit.message(), { http, timeoutMs: 500 })).kind).toBe("unknown");
    },
    /** Sends the test message once: the outcome, and the request to `path` the fake received. */
    async sendOnce(path: RegExp) {
      const outcome = await adapter.send(kit.connection(), kit.message(), kit.context);
      const [request] = fake.received(path);
      return { outcome, request };
    },
    /** One test a row: `arrange` the fake (or the recipient), send, and expect the outcome. */
    sendAnswers(rows: SendAnswer[]) {
      it.each(rows)("$name", async ({ arrange, to, expected }) => {
        arrange?.();
        expect(await adapter.send(kit.connection(), kit.message(to ? { to } : {}), kit.context)).toMatchObject(expected);
      });
    },
    /** One test a row `[name, over, detail]`: a send on the connection with `over` is rejected, in these words. */
    sendRejections(rows: SendRejection[]) {
      it.each(rows)("$0", async (_name, over, detail) => {
        expect(await adapter.send(kit.connection(over), kit.message(), kit.context)).toMatchObject({ kind: "rejected", detail });
      });
    },
    /** The transport rules of SPEC §6, the same for every adapter: registers one test each. */
    transportCases() {
      const hurried = { http, timeoutMs: 500 };
      it("the gateway down → retry (the request never reached it)", async () => {
        const outcome = await kit.whileDown(() => adapter.send(kit.connection(), kit.message(), kit.context));
        expect(outcome).toMatchObject({ kind: "retry", retryAfterMs: null });
      });
      it("no answer after the request went out → unknown", async () => {
        fake.misbehave({ kind: "hang" });
        expect(await adapter.send(kit.connection(), kit.message(), hurried)).toMatchObject({ kind: "unknown" });
      });
      it("429 with Retry-After → retry after it", async () => {
        fake.misbehave({ kind: "status", status: 429, headers: { "retry-after": "7" } });
        expect(await adapter.send(kit.connection(), kit.message(), kit.context)).toMatchObject({ kind: "retry", retryAfterMs: 7000 });
      });
      it("a connection test with the gateway down → not ok, no HTTP status", async () => {
        const outcome = await kit.whileDown(() => adapter.testConnection(kit.connection(), kit.context));
        expect(outcome).toMatchObject({ ok: false, httpStatus: null });
      });
      it("a lookup with the gateway down → unknown", async () => {
        const outcome = await kit.whileDown(() => adapter.lookup(kit.connection(), kit.message(), null, kit.context));
        expect(outcome).toMatchObject({ kind: "unknown" });
      });
    },
  };
  return kit;
}

/**
 * The harness of the two WhatsApp gateways (Evolution, WAHA): the fake's own number and API key, its
 * `named` field (the instance or the session) as the connection's config, and a message to a WhatsApp number.
 */
export function whatsappHarness<F extends FakeGatewayServer & { phone: string; apiKey: string }>(
  fake: F,
  adapter: GatewayAdapter,
  named: keyof F & string,
) {
  return adapterHarness(fake, {
    adapter,
    channel: "whatsapp",
    connection: (f) => ({ instancePhone: f.phone, config: { [named]: f[named] }, credentials: { apiKey: f.apiKey } }),
    message: { to: "+15551230002", body: "Hello from the router" },
  });
}

type StatusUpdate = Extract<GatewayUpdate, { type: "message_status" }>;

/** The message-status update the tests expect: by the gateway's id, with no detail, time or id of ours unless given. */
export function statusUpdate(providerMessageId: string, status: StatusUpdate["status"], over: Partial<StatusUpdate> = {}): StatusUpdate {
  return { type: "message_status", providerMessageId, messageId: null, status, detail: null, at: null, ...over };
}

/** The instance-status update the tests expect (no time). */
export function instanceUpdate(status: string, reason: string | null = null) {
  return { type: "instance_status", status, reason, at: null };
}

/** The inbound-message update the tests expect. */
export function inboundUpdate(
  from: string,
  body: string,
  providerMessageId: string,
  at: Date | null,
): Extract<GatewayUpdate, { type: "inbound" }> {
  return { type: "inbound", from, body, providerMessageId, at };
}
