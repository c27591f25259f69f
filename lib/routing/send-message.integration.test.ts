// The send path on a real database file, without a server: sendMessage through the send queue
// (group commit) and the SQLite send store, on the test file's migrated database.
import { describe, expect, it } from "vitest";
import { send, sendingLocation } from "@/e2e/support/vitest/sending-location";
import { db } from "@/lib/db/client";
import { utcDayKey } from "@/lib/engine/time";
import { SEED_RULES } from "@/lib/engine/types";

describe("sendMessage on SQLite", () => {
  it("stores the message with its decision and trace, and appends the live event", async () => {
    const to = await sendingLocation({ whatsapp: 2, defaultIndex: 2 });
    const result = await send(to, { body: "Hello {{ WA#1 }}" });
    expect(result.status).toBe(201);
    const row = await db.message.findUniqueOrThrow({ where: { id: result.messageId } });
    expect(row).toMatchObject({
      locationId: to.locationId,
      channel: "whatsapp",
      contactId: to.contact.id,
      status: "sent",
      rule: "manual_override",
      instanceId: to.instances[0].id,
      instanceIndex: 1,
      instanceLabel: "WA 1",
      errorCode: null,
      requestedBody: "Hello {{ WA#1 }}",
      body: "Hello",
      source: "api",
      sourceRef: "nr_test",
    });
    const trace = JSON.parse(row.trace) as { rule: string; outcome: string }[];
    expect(trace.map((step) => step.rule)).toEqual([...SEED_RULES]); // every rule of the seeds' ladder, in order (no stickySender)
    expect(trace[0].outcome).toBe("matched");
    const events = await db.event.findMany({ where: { locationId: to.locationId }, select: { type: true, payload: true } });
    expect(events.map((e) => [e.type, JSON.parse(e.payload).messageId])).toEqual([["message.routed", result.messageId]]);
  });

  it("round robin takes the instances in turn, and today's SendCounter counts each send", async () => {
    const to = await sendingLocation({ whatsapp: 3 });
    const chosen: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { decision } = await send(to);
      chosen.push(decision.ok ? decision.instance.index : 0);
    }
    expect(new Set(chosen.slice(0, 3)).size).toBe(3);
    expect(chosen.slice(3)).toEqual(chosen.slice(0, 3));
    const rotation = await db.rotationState.findUniqueOrThrow({
      where: { locationId_channel: { locationId: to.locationId, channel: "whatsapp" } },
    });
    // Stored, so the next send (in any process) goes on from here.
    expect(JSON.parse(rotation.state)).toMatchObject({ lastIndex: chosen[5] });
    expect(await countersOf(to.locationId)).toEqual({ 1: 2, 2: 2, 3: 2 });
  });

  it("a failed selection is stored with its error code, counts nothing and answers 409", async () => {
    const to = await sendingLocation({ whatsapp: 2 });
    await db.instance.updateMany({ where: { locationId: to.locationId }, data: { status: "disconnected", statusReason: "logged_out" } });
    const result = await send(to);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ id: result.messageId, error: { code: 106, name: "no_number_available" } });
    const row = await db.message.findUniqueOrThrow({ where: { id: result.messageId } });
    expect(row).toMatchObject({
      status: "failed",
      errorCode: 106,
      errorName: "no_number_available",
      instanceId: null,
      rule: "any_available",
    });
    expect(JSON.parse(row.trace)).toHaveLength(6);
    expect(await countersOf(to.locationId)).toEqual({});
    expect(await db.event.findMany({ where: { locationId: to.locationId }, select: { type: true } })).toEqual([{ type: "message.failed" }]);
  });

  it("20 concurrent sends over 4 instances: exactly 5 each, stored and counted", async () => {
    const to = await sendingLocation({ whatsapp: 4 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send(to, { body: `Message ${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const stored = await db.message.groupBy({
      by: ["instanceIndex"],
      where: { locationId: to.locationId },
      _count: true,
      orderBy: { instanceIndex: "asc" },
    });
    expect(stored.map((g) => [g.instanceIndex, g._count])).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
    ]);
    expect(await countersOf(to.locationId)).toEqual({ 1: 5, 2: 5, 3: 5, 4: 5 });
  });
});

/** Today's sends per instance index, from SendCounter (never from counting messages). */
async function countersOf(locationId: string): Promise<Record<number, number>> {
  const rows = await db.sendCounter.findMany({
    where: { locationId, day: utcDayKey(Date.now()) },
    select: { sends: true, instance: { select: { index: true } } },
  });
  return Object.fromEntries(rows.map((r) => [r.instance.index, r.sends]));
}
