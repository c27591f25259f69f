// Today's counts (warming daily limits) are read and advanced inside the send's transaction, so
// two processes together never exceed a number's limit (SPEC §5).
import { expect, phone, storedPerInstance, tally, test, whatsappPool } from "./fixtures";

test("warming limits are never exceeded: 80 sends for 4 × 10 slots → 40 sent, 40 × 106", async ({ tenant, db }) => {
  // Day 1 of warming (connected a minute ago), day-1 limit 10.
  const t = await tenant({
    instances: whatsappPool(4, "620", { firstConnectedAt: new Date(Date.now() - 60_000) }),
    warmingDailyLimits: "[10,20,40,80,160]",
  });
  const replies = await Promise.all(
    Array.from({ length: 80 }, (_, i) =>
      t.api.post(i % 2, "/messages", { channel: "whatsapp", phone: phone("621", i), body: `warm ${i}` }),
    ),
  );
  const unexpected = replies.find((r) => r.status !== 201 && r.status !== 409);
  expect(unexpected?.body, "only 201 and 409 answers").toBeUndefined();
  expect(tally(replies.map((r) => r.status))).toEqual({ 201: 40, 409: 40 });
  expect(tally(replies.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual({ 106: 40 });
  expect(tally(replies.filter((r) => r.status === 201).map((r) => r.body.instance.index))).toEqual({ 1: 10, 2: 10, 3: 10, 4: 10 });

  expect(await storedPerInstance(db, { locationId: t.id, errorCode: null })).toEqual({ 1: 10, 2: 10, 3: 10, 4: 10 });
  expect(await db.message.count({ where: { locationId: t.id, errorCode: 106 } })).toBe(40);
});
