// Round robin stays exact when two processes take the sends: the rotation state is read and
// advanced inside each send's transaction under a lock that spans processes (SPEC §5).
import { expect, phone, storedPerInstance, tally, test, whatsappPool } from "./fixtures";

test("100 concurrent sends over two processes: exactly 25 per number", async ({ tenant, db }) => {
  const t = await tenant({ instances: whatsappPool(4, "610"), rotationStrategy: "round_robin" });
  const replies = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      t.api.post(i % 2, "/messages", { channel: "whatsapp", phone: phone("611", i), body: `hello ${i}` }),
    ),
  );
  expect(tally(replies.map((r) => r.status)), JSON.stringify(replies.find((r) => r.status !== 201)?.body)).toEqual({ 201: 100 });
  expect(replies.every((r) => r.body.rule === "any_available")).toBe(true);
  expect(tally(replies.map((r) => r.body.instance.index))).toEqual({ 1: 25, 2: 25, 3: 25, 4: 25 });

  expect(await storedPerInstance(db, { locationId: t.id })).toEqual({ 1: 25, 2: 25, 3: 25, 4: 25 });
  expect(new Set(replies.map((r) => r.body.id)).size).toBe(100);
});
