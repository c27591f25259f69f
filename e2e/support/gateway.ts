// The fixture of the per-kind gateway specs (e2e/api/gateway-*.spec.ts): `gatewayKind(…)` extends
// `test` with the kind's fake gateway from e2e/fakes/ (`fake`, started before each test, stopped
// after) and `gateway`: a fresh tenant's instance connected to that fake through the real API, with
// what the specs do to it and read back (send through the outbox, a message's or the instance's
// state, the inbound contact, the gateway test). The e2e server reaches loopback only through
// TEST_HOST_MAP names (ALLOW_PRIVATE_GATEWAYS is off there), so a fake at http://127.0.0.1:PORT is
// given to the app as http://receiver.test:PORT (e2e/api/receiver.ts).
import { RECEIVER_HOST } from "../api/receiver";
import type { FakeGatewayServer } from "../fakes/fake-gateway-server";
import type { Api } from "./api-client";
import { expect, POOL, type Tenant, test } from "./fixtures";

export { expect };

/** Fast polling: the dispatcher wakes on every queued message and ticks every second. */
export const POLL = { timeout: 10_000, intervals: [100, 200, 250] };

/** The fake's base URL as the e2e server may call it. */
export function viaTestHost(fake: { url: string }): string {
  return fake.url.replace("127.0.0.1", RECEIVER_HOST);
}

/** The inbound URL with one character of its token changed. */
export function wrongTokenUrl(inboundUrl: string, token: string): string {
  const last = token.at(-1) === "A" ? "B" : "A";
  return inboundUrl.replace(`/${token}`, `/${token.slice(0, -1)}${last}`);
}

/**
 * `test` for one gateway kind: `fake` is made by `kind.fake`; `gateway` is a fresh tenant with the
 * POOL instances whose `kind.instance` ("whatsapp#1") is connected with `kind.connection(fake)`.
 */
export function gatewayKind<F extends FakeGatewayServer>(kind: {
  fake: () => F;
  instance: string;
  connection: (fake: F) => Record<string, unknown>;
}) {
  return test.extend<{ fake: F; gateway: GatewayInstance }>({
    fake: async ({}, use) => {
      const fake = await kind.fake().start();
      await use(fake);
      await fake.stop();
    },
    gateway: async ({ tenant, fake }, use) => {
      const t = await tenant({ instances: POOL });
      const gateway = new GatewayInstance(t, t.instances[kind.instance], kind.connection(fake));
      await gateway.connect(gateway.connection);
      await use(gateway);
    },
  });
}

type MessageRead = { status: string; errorCode: string | number | null; deliveryError: string | null };
type Report = { status: number; body: string };

/** An instance of a fresh tenant, connected to a fake gateway; every read goes through the API. */
export class GatewayInstance {
  /** The inbound URL as GET /instances shows it, and its token (the last path segment). */
  inboundUrl = "";
  token = "";

  constructor(
    readonly t: Tenant,
    readonly id: string,
    /** The kind's connection the fixture made. */
    readonly connection: Record<string, unknown>,
  ) {}

  get api(): Api {
    return this.t.api;
  }

  get wrongTokenUrl(): string {
    return wrongTokenUrl(this.inboundUrl, this.token);
  }

  /** PATCHes `gateway` onto the instance and reads its inbound URL back. */
  async connect(gateway: Record<string, unknown>) {
    const patched = await this.api.patch(`/instances/${this.id}`, { gateway });
    expect(patched.status(), await patched.text()).toBe(200);
    const listed = (await (await this.api.get("/instances")).json()).data as { id: string; gateway: { inboundUrl: string } | null }[];
    this.inboundUrl = listed.find((i) => i.id === this.id)!.gateway!.inboundUrl;
    this.token = new URL(this.inboundUrl).pathname.split("/").at(-1)!;
  }

  /** POST /messages; the answer must be `queued` (a connected instance's message goes through the outbox). */
  async send(input: Record<string, unknown>): Promise<string> {
    const response = await this.api.post("/messages", input);
    const body = await response.json();
    expect(response.status(), JSON.stringify(body)).toBe(201);
    expect(body.status).toBe("queued");
    return body.id as string;
  }

  /** `send`, then wait until the outbox has handed the message to the gateway. */
  async sent(input: Record<string, unknown>): Promise<string> {
    const id = await this.send(input);
    await this.reaches(id, "sent");
    return id;
  }

  async read(messageId: string): Promise<MessageRead> {
    return (await this.api.get(`/messages/${messageId}`)).json();
  }

  /** Polls GET /messages/{id} until it shows `status`; answers the read. */
  async reaches(messageId: string, status: string, timeout = POLL.timeout): Promise<MessageRead> {
    await expect.poll(async () => (await this.read(messageId)).status, { ...POLL, timeout }).toBe(status);
    return this.read(messageId);
  }

  /** The instance's status and reason as GET /instances lists it. */
  async state(): Promise<{ status: string; statusReason: string | null }> {
    const listed = (await (await this.api.get("/instances")).json()).data as { id: string; status: string; statusReason: string | null }[];
    const found = listed.find((i) => i.id === this.id)!;
    return { status: found.status, statusReason: found.statusReason };
  }

  /** A report at a wrong token (or signature): 401 `unauthorized`, and what `unchanged` reads (the instance's state) is as before. */
  async expectRefused(report: () => Promise<Report>, unchanged: () => Promise<unknown> = () => this.state()) {
    const before = await unchanged();
    const refused = await report();
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).error.code).toBe("unauthorized");
    expect(await unchanged()).toEqual(before);
  }

  /** A gateway's status report, applied once: the message now shows `status`. */
  async expectApplied(messageId: string, report: Promise<Report>, status: string) {
    expect(JSON.parse((await report).body), status).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect((await this.read(messageId)).status).toBe(status);
  }

  /** A gateway's failure report, applied once: the message ends failed, `delivery_failed`, with the gateway's words. */
  async expectDeliveryFailure(messageId: string, report: Promise<Report>, deliveryError: string) {
    expect(JSON.parse((await report).body)).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect(await this.read(messageId)).toMatchObject({ status: "failed", errorCode: "delivery_failed", deliveryError });
  }

  /**
   * An inbound message reached the API: the contact with this number exists (GET /contacts?phone=),
   * the text is the newest of its thread (GET /contacts/{id}/messages), and its conversation is bound
   * to the instance (GET /contacts/{id}).
   */
  async expectInboundContact(phone: string, body: string, channel: string) {
    const found = (await (await this.api.get(`/contacts?phone=${encodeURIComponent(phone)}`)).json()).data as {
      id: string;
      phone: string;
    }[];
    expect(found.map((c) => c.phone)).toEqual([phone]);
    const contactId = found[0].id;
    const thread = (await (await this.api.get(`/contacts/${contactId}/messages`)).json()).data as {
      direction: string;
      status: string;
      body: string;
    }[];
    expect(thread.map((m) => [m.direction, m.status, m.body])).toEqual([["inbound", "received", body]]);
    const contact = await (await this.api.get(`/contacts/${contactId}`)).json();
    expect(contact.bindings).toEqual([
      { channel, instance: expect.objectContaining({ id: this.id }), at: expect.any(String), source: "inbound" },
    ]);
  }

  /**
   * The gateway test answers ok (HTTP 200) in `connected`'s words with the fixture's connection; then,
   * with each refusal's `over` merged into that connection, not ok with its status and words.
   */
  async expectTestAnswers(connected: string, refusals: { over: Record<string, unknown>; httpStatus: number; detail: string }[]) {
    expect(await this.test()).toMatchObject({ ok: true, httpStatus: 200, detail: connected });
    for (const { over, httpStatus, detail } of refusals) {
      await this.connect({ ...this.connection, ...over });
      expect(await this.test()).toEqual({ ok: false, httpStatus, detail });
    }
  }

  /** POST /instances/{id}/gateway/test. */
  async test(): Promise<{ ok: boolean; httpStatus: number | null; detail: string }> {
    const response = await this.api.post(`/instances/${this.id}/gateway/test`);
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  }
}
