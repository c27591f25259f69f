// Idempotency-Key on POST /messages (SPEC §3).
import { expect, expectError, POOL, type Tenant, test } from "../support/fixtures";
import type { Db } from "../support/tenant";

const message = { channel: "whatsapp", phone: "+15550700001", body: "Your order shipped" };

/** Sends `body` twice under `key`: both answer `status`, the second is the first replayed, and one message is stored. */
async function sendTwice(t: Tenant, db: Db, body: object, key: string, status: number) {
  const first = await t.api.post("/messages", body, { "idempotency-key": key });
  expect(first.status()).toBe(status);
  const again = await t.api.post("/messages", body, { "idempotency-key": key });
  expect(again.status()).toBe(status);
  expect(await again.json()).toEqual(await first.json());
  expect(await db.message.count({ where: { locationId: t.id } })).toBe(1);
  return first;
}

test("same key, same body: the first response is replayed and nothing new is sent", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL.filter((i) => !i.isDefault) });
  const first = await sendTwice(t, db, message, "order-1", 201);
  // The rotation did not move for the replay: the next real send goes to the other number.
  const next = await (await t.api.post("/messages", message)).json();
  expect(next.instance.index).not.toBe((await first.json()).instance.index);
});

test("a failed selection is replayed as well", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const body = { ...message, body: "hi {{WA#9}}" };
  await sendTwice(t, db, body, "fail-1", 422);
});

test("same key, different body → 422 idempotency_mismatch, nothing sent", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  expect((await t.api.post("/messages", message, { "idempotency-key": "order-2" })).status()).toBe(201);
  await expectError(
    await t.api.post("/messages", { ...message, body: "Something else" }, { "idempotency-key": "order-2" }),
    422,
    "idempotency_mismatch",
  );
  expect(await db.message.count({ where: { locationId: t.id } })).toBe(1);
});

test("concurrent duplicates: one send; the others replay it or get 409 idempotency_in_progress", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const responses = await Promise.all(Array.from({ length: 10 }, () => t.api.post("/messages", message, { "idempotency-key": "burst" })));
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  const ids = new Set<string>();
  for (const r of responses) {
    const body = await r.json();
    if (r.status() === 201) ids.add(body.id);
    else expect(body.error.code).toBe("idempotency_in_progress");
  }
  expect(ids.size).toBe(1);
  expect(await db.message.count({ where: { locationId: t.id } })).toBe(1);
});

test("keys are scoped to the location", async ({ tenant }) => {
  const a = await tenant({ instances: POOL });
  const b = await tenant({ instances: POOL });
  const ra = await (await a.api.post("/messages", message, { "idempotency-key": "shared" })).json();
  const rb = await (await b.api.post("/messages", message, { "idempotency-key": "shared" })).json();
  expect(ra.id).not.toBe(rb.id);
  // And a different body under the same key in another location is no mismatch.
  expect((await b.api.post("/messages", { ...message, body: "other" }, { "idempotency-key": "a-only" })).status()).toBe(201);
  expect((await a.api.post("/messages", message, { "idempotency-key": "a-only" })).status()).toBe(201);
});
