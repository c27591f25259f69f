// Webhook claims are fair between locations (issue 9 finding 6): one location's backlog, however
// old, never stands in front of another location's due delivery. (PostgreSQL runs the same SQL
// shape through the API suite on PostgreSQL: e2e/api/webhook-isolation.spec.ts.)
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sendStore } from "@/lib/db/send-store";
import { createLocation } from "@/lib/seed/factories";

async function backlog(count: number, dueAt: Date) {
  const location = await createLocation(db, { name: `Claims ${randomUUID()}` });
  for (let i = 0; i < count; i++) {
    await db.webhookDelivery.create({
      data: {
        locationId: location.id,
        eventType: "test",
        webhookId: `msg_${randomUUID()}`,
        url: "https://hooks.example.com/",
        payload: "{}",
        nextAttemptAt: new Date(dueAt.getTime() + i),
      },
    });
  }
  return location.id;
}

describe("claimWebhooks", () => {
  it("takes at most perLocation rows of one location, oldest first, and skips busy locations", async () => {
    const now = new Date();
    const slow = await backlog(10, new Date(now.getTime() - 60_000)); // older backlog
    const fast = await backlog(1, new Date(now.getTime() - 1_000));
    const lease = new Date(now.getTime() + 60_000);
    const mine = (rows: { locationId: string }[]) =>
      rows.filter((r) => r.locationId === slow || r.locationId === fast).map((r) => r.locationId);

    const first = await sendStore().claimWebhooks(now, lease, 50, { perLocation: 3, skipLocations: [] });
    expect(mine(first)).toEqual([slow, slow, slow, fast]);

    // The slow location is at its cap: its remaining seven are left for a free slot.
    await db.webhookDelivery.updateMany({ where: { locationId: fast }, data: { nextAttemptAt: now } });
    const second = await sendStore().claimWebhooks(now, lease, 50, { perLocation: 3, skipLocations: [slow] });
    expect(mine(second)).toEqual([fast]);
    expect(await db.webhookDelivery.count({ where: { locationId: slow, nextAttemptAt: { lte: now } } })).toBe(7);
  });
});
