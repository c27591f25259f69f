// POST /route/impact's use case on a real database file: real sends (sendMessage) make the
// traffic, then the preview replays it. Every expected count below is computed by hand.
import { describe, expect, it } from "vitest";
import { type SendingLocation, sendingLocation } from "@/e2e/support/vitest/sending-location";
import { db } from "@/lib/db/client";
import { type RouteImpact, routeImpact, routeImpactPreview } from "@/lib/routing/route-impact";
import type { RouteImpactInput } from "@/lib/routing/route-impact.schema";
import { sendMessage } from "@/lib/routing/send-message";
import { createContact, createInstance } from "@/lib/seed/factories";

/**
 * Sends `count` messages, to contacts A, B, C, D, A, B, … (all to the default: no tags, no
 * assignment), then spaces their times a second apart in sending order: sends in one millisecond
 * share a createdAt, and ties replay in id order (random UUIDs), not in sending order.
 */
async function traffic(to: SendingLocation, count: number) {
  const contacts = [to.contact.id];
  for (const phone of ["+15550190002", "+15550190003", "+15550190004"]) {
    contacts.push((await createContact(db, { locationId: to.locationId, phone, name: phone })).id);
  }
  const sent: string[] = [];
  for (let k = 0; k < count; k++) {
    const result = await sendMessage({
      ctx: to.ctx,
      input: { channel: "whatsapp", contactId: contacts[k % 4], body: `Order ${k} has shipped` },
      source: "api",
    });
    expect(result.status).toBe(201);
    sent.push(result.messageId);
  }
  const start = Date.now() - count * 1000;
  for (const [k, id] of sent.entries()) await db.message.update({ where: { id }, data: { createdAt: new Date(start + k * 1000) } });
  return contacts;
}

const ref = (to: SendingLocation, index: number) => {
  const i = to.instances[index - 1];
  return { id: i.id, index, label: i.label, phone: i.phone };
};

/** Rows with equal counts in the order of their new number (the answer orders ties by id). */
const byTarget = (rows: RouteImpact["changed"]) =>
  [...rows].sort((a, b) => ("index" in a.to ? a.to.index : 0) - ("index" in b.to ? b.to.index : 0));

describe("routeImpact", () => {
  it("the dashboard's preview counts a contact once across rows and names each instance's channel", async () => {
    const to = await sendingLocation({ whatsapp: 4, defaultIndex: 2 });
    await traffic(to, 10); // all 10 sent from the default, #2
    const preview = await routeImpactPreview({ ctx: to.ctx, input: { days: 7, change: { disconnected: [to.instances[1].id] } } });
    // #2 down: round robin from no stored state over #1, #3, #4: messages 0,3,6,9 (contacts A,D,C,B)
    // → #1, 1,4,7 (B,A,D) → #3, 2,5,8 (C,B,A) → #4. Every contact sits in two or three rows.
    expect(byTarget(preview.changed).map((row) => ["index" in row.to && row.to.index, row.messages, row.contacts])).toEqual([
      [1, 4, 4],
      [3, 3, 3],
      [4, 3, 3],
    ]);
    expect(preview.contacts).toBe(4);
    expect(preview.channels).toEqual(Object.fromEntries(to.instances.map((i) => [i.id, "whatsapp"])));
  });

  it("counts each change's moves against today's baseline, as a hand-computed replay says", async () => {
    const to = await sendingLocation({ whatsapp: 3, defaultIndex: 2 });
    await traffic(to, 10); // all 10 sent from the default, #2
    const [wa1, wa2, wa3] = to.instances.map((i) => i.id);
    const impact = (change: RouteImpactInput["change"]) => routeImpact({ ctx: to.ctx, input: { days: 7, change } });

    // #2 down: the default rule passes to rotation, round robin from no stored state over #1 and #3:
    // messages 0,2,4,6,8 (contacts A,C,A,C,A) → #1, messages 1,3,5,7,9 (B,D,B,D,B) → #3.
    const down = await impact({ disconnected: [wa2] });
    expect({ ...down, changed: byTarget(down.changed) }).toEqual({
      replayed: 10,
      changed: [
        { from: ref(to, 2), to: ref(to, 1), messages: 5, contacts: 2 },
        { from: ref(to, 2), to: ref(to, 3), messages: 5, contacts: 2 },
      ],
      newErrors: {},
    });
    expect(await impact({ defaults: { whatsapp: wa3 } })).toEqual({
      replayed: 10,
      changed: [{ from: ref(to, 2), to: ref(to, 3), messages: 10, contacts: 4 }],
      newErrors: {},
    });
    // Nothing left to send from: rule 6 fails with 106 for every message.
    expect(await impact({ disconnected: [wa1, wa2, wa3] })).toEqual({
      replayed: 10,
      changed: [{ from: ref(to, 2), to: { error: 106 }, messages: 10, contacts: 4 }],
      newErrors: { "106": 10 },
    });
    // A change that changes nothing here (no default is disconnected, rotation is never reached).
    expect(await impact({ rotationStrategy: "least_used", failover: "next_rule" })).toEqual({ replayed: 10, changed: [], newErrors: {} });
    // Only the change's effect: with #2 already down today, disconnecting it changes nothing.
    await db.instance.update({ where: { id: wa2 }, data: { status: "disconnected", statusReason: "banned" } });
    expect(await impact({ disconnected: [wa2] })).toEqual({ replayed: 10, changed: [], newErrors: {} });
  });

  it("carries rotation forward from the stored state, replays only the window, and stores nothing", async () => {
    const to = await sendingLocation({ whatsapp: 3, defaultIndex: 2 });
    await traffic(to, 4);
    const old = await db.message.findFirstOrThrow({ where: { locationId: to.locationId }, orderBy: { createdAt: "asc" } });
    await db.message.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 3 * 24 * 60 * 60 * 1000) } });
    const stored = JSON.stringify({ lastIndex: 1, currentWeights: {} });
    await db.rotationState.create({ data: { locationId: to.locationId, channel: "whatsapp", state: stored } });
    const before = { messages: await db.message.count(), bindings: await db.conversationBinding.count() };

    // Last 1 day: messages 1–3 (contacts B, C, D). After #1 the rotation goes #3, #1, #3.
    const result = await routeImpact({ ctx: to.ctx, input: { days: 1, change: { disconnected: [to.instances[1].id] } } });
    expect(result).toEqual({
      replayed: 3,
      changed: [
        { from: ref(to, 2), to: ref(to, 3), messages: 2, contacts: 2 },
        { from: ref(to, 2), to: ref(to, 1), messages: 1, contacts: 1 },
      ],
      newErrors: {},
    });
    expect(await db.rotationState.findMany({ where: { locationId: to.locationId }, select: { state: true } })).toEqual([{ state: stored }]);
    expect({ messages: await db.message.count(), bindings: await db.conversationBinding.count() }).toEqual(before);
  });

  it("replays each contact's tags as stored now, and counts the errors a change brings (failover error vs next rule)", async () => {
    const to = await sendingLocation({ whatsapp: 3, defaultIndex: 2 });
    await traffic(to, 4); // A, B, C, D from #2
    // Tagged after the sends: the replay uses the contact as stored now, so A and C now go to #1.
    for (const contactId of [
      to.contact.id,
      (await db.contact.findFirstOrThrow({ where: { locationId: to.locationId, phone: "+15550190003" } })).id,
    ]) {
      await db.contactTag.create({ data: { locationId: to.locationId, contactId, position: 0, value: "wa:+15550100001" } });
    }
    const wa1 = to.instances[0].id;
    // Baseline: A, C by tag to #1; B, D to the default #2. #1 down: the tag rule fails with 104.
    expect(await routeImpact({ ctx: to.ctx, input: { days: 7, change: { disconnected: [wa1] } } })).toEqual({
      replayed: 4,
      changed: [{ from: ref(to, 1), to: { error: 104 }, messages: 2, contacts: 2 }],
      newErrors: { "104": 2 },
    });
    // With failover next_rule the tag's failure falls through to the default, #2.
    expect(await routeImpact({ ctx: to.ctx, input: { days: 7, change: { disconnected: [wa1], failover: "next_rule" } } })).toEqual({
      replayed: 4,
      changed: [{ from: ref(to, 1), to: ref(to, 2), messages: 2, contacts: 2 }],
      newErrors: {},
    });
  });

  it("refuses an instance of another location (404) and a default of another channel (400)", async () => {
    const to = await sendingLocation({ whatsapp: 2, defaultIndex: 1 });
    const other = await sendingLocation({ whatsapp: 1 });
    const sms = await createInstance(db, { locationId: to.locationId, channel: "sms", index: 1, label: "SMS 1", phone: "+15550180001" });
    await expect(routeImpact({ ctx: to.ctx, input: { days: 7, change: { disconnected: [other.instances[0].id] } } })).rejects.toMatchObject(
      { code: "not_found", details: { field: "change.disconnected.0" } },
    );
    await expect(
      routeImpact({ ctx: to.ctx, input: { days: 7, change: { defaults: { whatsapp: other.instances[0].id } } } }),
    ).rejects.toMatchObject({ code: "not_found", details: { field: "change.defaults.whatsapp" } });
    await expect(routeImpact({ ctx: to.ctx, input: { days: 7, change: { defaults: { whatsapp: sms.id } } } })).rejects.toMatchObject({
      code: "invalid_request",
      details: { issues: [{ path: "change.defaults.whatsapp", message: "This instance is not a whatsapp number." }] },
    });
  });
});
