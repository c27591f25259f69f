// The outbox scenarios' common parts (SPEC §6 on a cluster, §5): a fake `webhook` gateway on
// loopback that the app processes reach as receiver.test (TEST_HOST_MAP, lib/env.ts: the URL
// guard still refuses every other private address), instances connected to it through the API,
// and waiting for messages to reach `sent`. The fake de-duplicates on webhook-id, so the specs read
// both its raw `requests` (a second request for a message is visible there) and its `sends`.
import { FakeWebhookGateway } from "../fakes/fake-webhook-gateway";
import type { Db } from "../support/tenant";
import { expect, RECEIVER_HOST, type Tenant, tally } from "./fixtures";

/** The connection's signing secret: the fake verifies every request's Standard Webhooks signature. */
const SECRET = "whsec-scale-outbox-0123456789";

export async function startFakeGateway(): Promise<FakeWebhookGateway> {
  return new FakeWebhookGateway(SECRET).start();
}

/** Connects every instance of `t` to `gateway` (PATCH /instances/{id}), with `pacing` when given. */
export async function connectInstances(t: Tenant, gateway: FakeWebhookGateway, pacing?: Record<string, number | null>) {
  const url = `${gateway.url.replace("127.0.0.1", RECEIVER_HOST)}/send`;
  for (const id of Object.values(t.instances)) {
    const reply = await t.api.patch(0, `/instances/${id}`, {
      gateway: { kind: "webhook", url, credentials: { secret: SECRET } },
      ...(pacing ? { pacing } : {}),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.gateway).toMatchObject({ kind: "webhook", url, hasCredentials: true });
  }
}

/** The gateway's message.send requests, in arrival order, with their webhook-id and our message id. */
export function sendRequests(gateway: FakeWebhookGateway) {
  return gateway.received(/^\/send$/, "POST").map((r) => {
    const event = JSON.parse(r.body) as { type: string; data: { messageId: string } };
    return { webhookId: String(r.headers["webhook-id"]), type: event.type, messageId: event.data.messageId, at: r.at };
  });
}

/** Values seen more than once, with their counts (empty when every value is unique). */
export function repeated(values: string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(tally(values)).filter(([, n]) => n > 1));
}

/** Waits until every message of `ids` is `sent`; on a timeout, says where the others stand. */
export async function waitUntilSent(db: Db, locationId: string, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.message.findMany({ where: { locationId, id: { in: ids } }, select: { status: true } });
    if (rows.length === ids.length && rows.every((r) => r.status === "sent")) return;
    if (Date.now() > deadline) {
      const items = await db.outboxItem.findMany({
        where: { locationId, messageId: { in: ids }, state: { not: "done" } },
        select: { state: true, attempts: true, lastError: true, leaseOwner: true },
        take: 5,
      });
      throw new Error(
        `Not all ${ids.length} messages sent within ${timeoutMs / 1000} s: ${JSON.stringify(tally(rows.map((r) => r.status)))}; ` +
          `outbox items not done, e.g. ${JSON.stringify(items)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
