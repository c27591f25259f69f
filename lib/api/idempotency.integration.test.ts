// Idempotency-Key on a real database file (SPEC §3): the record is begun before the send and
// completed in the send's own transaction, so a retry with the same key and body replays the
// stored answer and sends nothing new; another body under the key is refused.
import { describe, expect, it } from "vitest";
import { type SendingLocation, send, sendingLocation } from "@/e2e/support/vitest/sending-location";
import { beginIdempotent, requestHash } from "@/lib/api/idempotency";
import { db } from "@/lib/db/client";

/** POST /messages with an Idempotency-Key, as the route handler composes it. */
async function postWithKey(to: SendingLocation, key: string, body: string) {
  const start = await beginIdempotent(to.locationId, key, requestHash({ channel: "whatsapp", contactId: to.contact.id, body }));
  if (start.kind === "replay") return { replayed: true, status: start.status, body: start.body };
  const result = await send(to, { body, idempotencyRecordId: start.recordId });
  return { replayed: false, status: result.status, body: result.body };
}

describe("Idempotency-Key on SQLite", () => {
  it("the same key and body twice: one stored message, the second answer replays the first", async () => {
    const to = await sendingLocation({ whatsapp: 2 });
    const first = await postWithKey(to, "order-1001", "Your order has shipped");
    const second = await postWithKey(to, "order-1001", "Your order has shipped");
    expect(first).toMatchObject({ replayed: false, status: 201 });
    expect(second).toEqual({ ...first, replayed: true });
    const messages = await db.message.findMany({ where: { locationId: to.locationId }, select: { id: true } });
    expect(messages).toEqual([{ id: (first.body as { id: string }).id }]);
    expect(
      await db.idempotencyRecord.findMany({ where: { locationId: to.locationId }, select: { state: true, responseStatus: true } }),
    ).toEqual([{ state: "done", responseStatus: 201 }]);
  });

  it("a failed selection is replayed too, without a second failed message", async () => {
    const to = await sendingLocation({ whatsapp: 0 });
    const first = await postWithKey(to, "no-numbers", "Hello");
    expect(first).toMatchObject({ status: 409, body: { error: { code: 106 } } });
    expect(await postWithKey(to, "no-numbers", "Hello")).toEqual({ ...first, replayed: true });
    expect(await db.message.count({ where: { locationId: to.locationId } })).toBe(1);
  });

  it("another body under a used key is refused with 422 idempotency_mismatch and sends nothing", async () => {
    const to = await sendingLocation({ whatsapp: 2 });
    await postWithKey(to, "order-1002", "Your order has shipped");
    await expect(postWithKey(to, "order-1002", "Your order was cancelled")).rejects.toMatchObject({
      code: "idempotency_mismatch",
      status: 422,
    });
    expect(await db.message.count({ where: { locationId: to.locationId } })).toBe(1);
  });

  it("a key still in flight answers 409 idempotency_in_progress; another location's same key is its own", async () => {
    const to = await sendingLocation({ whatsapp: 1 });
    const hash = requestHash({ body: "x" });
    expect(await beginIdempotent(to.locationId, "in-flight", hash)).toMatchObject({ kind: "new" });
    await expect(beginIdempotent(to.locationId, "in-flight", hash)).rejects.toMatchObject({ code: "idempotency_in_progress", status: 409 });
    const other = await sendingLocation({ whatsapp: 1 });
    expect(await beginIdempotent(other.locationId, "in-flight", hash)).toMatchObject({ kind: "new" });
  });
});
