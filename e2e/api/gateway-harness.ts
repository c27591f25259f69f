// What the per-kind gateway specs (gateway-*.spec.ts) share: connecting an instance of a fresh
// tenant to a fake gateway from e2e/fakes/ through the real API, sending through the outbox, and
// reading back what the API shows. The e2e server reaches loopback only through TEST_HOST_MAP
// names (ALLOW_PRIVATE_GATEWAYS is off there), so a fake at http://127.0.0.1:PORT is given to the
// app as http://receiver.test:PORT (./receiver.ts).
import type { FakeGatewayServer } from "../fakes/fake-gateway-server";
import type { Api } from "../support/api-client";
import { expect, type InstanceSpec, POOL, type Tenant, test } from "../support/fixtures";
import { RECEIVER_HOST } from "./receiver";

/** The `tenant` fixture, as the specs hand it to their setup helpers. */
export type MakeTenant = (options: { instances: InstanceSpec[] }) => Promise<Tenant>;

/** Fast polling: the dispatcher wakes on every queued message and ticks every second. */
export const POLL = { timeout: 10_000, intervals: [100, 200, 250] };

/** The fake's base URL as the e2e server may call it. */
export function viaTestHost(fake: { url: string }): string {
  return fake.url.replace("127.0.0.1", RECEIVER_HOST);
}

/**
 * A fake gateway per test (started before, stopped after) and `connected(tenant)`: a fresh tenant
 * with the POOL instances whose `instanceKey` ("whatsapp#1") is connected with `gateway(fake)`.
 */
export function fakeGatewayPerTest<F extends FakeGatewayServer>(
  make: () => F,
  instanceKey: string,
  gateway: (fake: F) => Record<string, unknown>,
) {
  let current: F | null = null;
  test.beforeEach(async () => {
    current = await make().start();
  });
  test.afterEach(async () => {
    await current?.stop();
  });
  const fake = () => {
    if (!current) throw new Error("the fake gateway starts before each test");
    return current;
  };
  return {
    fake,
    async connected(tenant: MakeTenant) {
      const t = await tenant({ instances: POOL });
      const id = t.instances[instanceKey];
      return { t, id, ...(await connectGateway(t.api, id, gateway(fake()))) };
    },
  };
}

/** PATCHes the gateway onto the instance; answers the inbound URL (as GET /instances shows it) and its token. */
async function connectGateway(api: Api, instanceId: string, gateway: Record<string, unknown>) {
  const patched = await api.patch(`/instances/${instanceId}`, { gateway });
  expect(patched.status(), await patched.text()).toBe(200);
  const listed = (await (await api.get("/instances")).json()).data as { id: string; gateway: { inboundUrl: string } | null }[];
  const inboundUrl = listed.find((i) => i.id === instanceId)!.gateway!.inboundUrl;
  const token = new URL(inboundUrl).pathname.split("/").at(-1)!;
  return { inboundUrl, token };
}

/** The inbound URL with one character of its token changed. */
export function wrongTokenUrl(inboundUrl: string, token: string): string {
  const last = token.at(-1) === "A" ? "B" : "A";
  return inboundUrl.replace(`/${token}`, `/${token.slice(0, -1)}${last}`);
}

/** POST /messages; the answer must be `queued` (a connected instance's message goes through the outbox). */
export async function sendQueued(api: Api, input: Record<string, unknown>): Promise<string> {
  const response = await api.post("/messages", input);
  const body = await response.json();
  expect(response.status(), JSON.stringify(body)).toBe(201);
  expect(body.status).toBe("queued");
  return body.id as string;
}

type MessageRead = { status: string; errorCode: string | number | null; deliveryError: string | null };

export async function readMessage(api: Api, id: string): Promise<MessageRead> {
  return (await api.get(`/messages/${id}`)).json();
}

/** Polls GET /messages/{id} until it shows `status`; answers the read. */
export async function messageReaches(api: Api, id: string, status: string, timeout = POLL.timeout): Promise<MessageRead> {
  await expect.poll(async () => (await readMessage(api, id)).status, { ...POLL, timeout }).toBe(status);
  return readMessage(api, id);
}

/** The instance's status and reason as GET /instances lists it. */
export async function instanceState(api: Api, instanceId: string): Promise<{ status: string; statusReason: string | null }> {
  const listed = (await (await api.get("/instances")).json()).data as { id: string; status: string; statusReason: string | null }[];
  const found = listed.find((i) => i.id === instanceId)!;
  return { status: found.status, statusReason: found.statusReason };
}

/**
 * An inbound message reached the API: the contact with this number exists (GET /contacts?phone=),
 * the text is the newest of its thread (GET /contacts/{id}/messages), and its conversation is bound
 * to the instance (GET /contacts/{id}).
 */
export async function expectInboundContact(api: Api, phone: string, body: string, instanceId: string, channel: string) {
  const found = (await (await api.get(`/contacts?phone=${encodeURIComponent(phone)}`)).json()).data as { id: string; phone: string }[];
  expect(found.map((c) => c.phone)).toEqual([phone]);
  const contactId = found[0].id;
  const thread = (await (await api.get(`/contacts/${contactId}/messages`)).json()).data as {
    direction: string;
    status: string;
    body: string;
  }[];
  expect(thread.map((m) => [m.direction, m.status, m.body])).toEqual([["inbound", "received", body]]);
  const contact = await (await api.get(`/contacts/${contactId}`)).json();
  expect(contact.bindings).toEqual([
    { channel, instance: expect.objectContaining({ id: instanceId }), at: expect.any(String), source: "inbound" },
  ]);
}

/** POST /instances/{id}/gateway/test. */
export async function gatewayTest(api: Api, instanceId: string): Promise<{ ok: boolean; httpStatus: number | null; detail: string }> {
  const response = await api.post(`/instances/${instanceId}/gateway/test`);
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** A gateway's failure report, applied once: the message ends failed, `delivery_failed`, with the gateway's words. */
export async function expectDeliveryFailure(api: Api, messageId: string, report: Promise<{ body: string }>, deliveryError: string) {
  expect(JSON.parse((await report).body)).toEqual({ ok: true, applied: 1, ignored: 0 });
  expect(await readMessage(api, messageId)).toMatchObject({ status: "failed", errorCode: "delivery_failed", deliveryError });
}
