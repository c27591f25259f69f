// Pacing across processes (SPEC §1 pacing, §5, §6): a number's minimum interval holds at the
// gateway when its messages are accepted by both processes at once and sent by both dispatchers —
// the slots are given in the send's transaction and each send takes the number's slot in the
// database, never from one process's memory.
import { expect, phone, tally, test, whatsappPool } from "./fixtures";
import { connectInstances, repeated, sendRequests, startFakeGateway, waitUntilSent } from "./outbox";

const MESSAGES = 8;
const INTERVAL_MS = 2_000;
/** The gateway's clock reads arrival after the body; two requests may land a few ms closer. */
const TOLERANCE_MS = 50;

test(`minimum interval 2 s, ${MESSAGES} messages through both processes at once: the gateway sees them ≥ 2 s apart`, async ({
  tenant,
  db,
}) => {
  test.setTimeout(60_000);
  const gateway = await startFakeGateway();
  try {
    const t = await tenant({ instances: whatsappPool(1, "695") });
    await connectInstances(t, gateway, { minIntervalSeconds: INTERVAL_MS / 1000, jitterSeconds: 0 });
    const replies = await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        t.api.post(i % 2, "/messages", { channel: "whatsapp", phone: phone("696", i), body: `paced ${i}` }),
      ),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 201: MESSAGES });
    const ids = replies.map((r) => r.body.id as string);
    await waitUntilSent(db, t.id, ids, (MESSAGES - 1) * INTERVAL_MS + 10_000);

    const requests = sendRequests(gateway);
    expect(repeated(requests.map((r) => r.webhookId))).toEqual({});
    expect(new Set(requests.map((r) => r.messageId))).toEqual(new Set(ids));
    const gaps = requests.slice(1).map((r, i) => r.at - requests[i].at);
    console.log(`[pacing] gaps at the gateway (ms): ${gaps.join(", ")}`);
    expect(
      gaps.filter((gap) => gap < INTERVAL_MS - TOLERANCE_MS),
      `gaps (ms): ${gaps}`,
    ).toEqual([]);
    // Paced, not stalled: the whole run takes about (n − 1) intervals.
    expect(requests.at(-1)!.at - requests[0].at).toBeLessThan((MESSAGES - 1) * INTERVAL_MS + 4_000);
  } finally {
    await gateway.stop();
  }
});
