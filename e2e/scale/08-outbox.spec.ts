// Two dispatchers on one outbox (SPEC §5, §6): messages accepted by both processes are each claimed
// by one process and sent to the gateway exactly once — no second request for any message, not
// merely none the gateway's de-duplication would have hidden.
import { expect, phone, tally, test, whatsappPool } from "./fixtures";
import { connectInstances, repeated, sendRequests, startFakeGateway, waitUntilSent } from "./outbox";

const MESSAGES = 200;
const CONCURRENCY = 10;

test(`${MESSAGES} messages through two processes: each reaches the gateway exactly once and is stored sent`, async ({ tenant, db }) => {
  test.setTimeout(90_000);
  const gateway = await startFakeGateway();
  try {
    const t = await tenant({ instances: whatsappPool(4, "680") });
    await connectInstances(t, gateway);

    const replies: { status: number; id: string }[] = new Array(MESSAGES);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < MESSAGES) {
          const i = next++;
          const reply = await t.api.post(i % 2, "/messages", { channel: "whatsapp", phone: phone("681", i), body: `outbox ${i}` });
          replies[i] = { status: reply.status, id: reply.body?.id };
        }
      }),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 201: MESSAGES });
    const ids = replies.map((r) => r.id);
    await waitUntilSent(db, t.id, ids, 30_000);
    // A second send would come from a second claim of the same item: give it time to show.
    await new Promise((r) => setTimeout(r, 1_500));

    const requests = sendRequests(gateway);
    expect(repeated(requests.map((r) => r.webhookId)), "webhook-ids the gateway received more than once").toEqual({});
    expect(requests.length).toBe(MESSAGES);
    expect(requests.every((r) => r.type === "message.send" && r.webhookId === `msg_${r.messageId}`)).toBe(true);
    expect(new Set(requests.map((r) => r.messageId))).toEqual(new Set(ids));
    expect(gateway.badSignatures).toEqual([]);
    expect(gateway.sends.length).toBe(MESSAGES);

    // Stored: sent, with the gateway's id, one `sent` step on each timeline, every item closed.
    const stored = await db.message.findMany({ where: { locationId: t.id }, select: { id: true, status: true, providerMessageId: true } });
    expect(tally(stored.map((m) => m.status))).toEqual({ sent: MESSAGES });
    const providerIds = new Map(gateway.sends.map((s) => [s.messageId, s.providerMessageId]));
    expect(stored.filter((m) => m.providerMessageId !== providerIds.get(m.id))).toEqual([]);
    const sentSteps = await db.messageStatusChange.groupBy({
      by: ["messageId"],
      where: { locationId: t.id, status: "sent" },
      _count: { _all: true },
    });
    expect(sentSteps.length).toBe(MESSAGES);
    expect(sentSteps.filter((s) => s._count._all !== 1)).toEqual([]);
    expect(tally((await db.outboxItem.findMany({ where: { locationId: t.id }, select: { state: true } })).map((o) => o.state))).toEqual({
      done: MESSAGES,
    });
  } finally {
    await gateway.stop();
  }
});
