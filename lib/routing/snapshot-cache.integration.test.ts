// The configuration cache on a real database file (docs/decisions/006-scale-out.md): a cached
// snapshot serves while Location.configVersion is unchanged; any configuration write — through a
// service, or straight in SQL as another process or the CLI would — bumps the version by trigger,
// and the very next decision reads the new configuration.
import { describe, expect, it } from "vitest";
import { type SendingLocation, send, sendingLocation } from "@/e2e/support/vitest/sending-location";
import { db } from "@/lib/db/client";
import { updateInstance } from "@/lib/instances/update-instance";
import { routeMessage } from "@/lib/routing/route-message";
import { getCachedSnapshot, getSnapshot } from "@/lib/routing/snapshot-cache";

/** The instance a plain message is sent from now (the default, when one is marked). */
async function sentFrom(to: SendingLocation) {
  const { decision } = await send(to, { body: "Thanks for reaching out" });
  return decision.ok ? { index: decision.instance.index, label: decision.instance.label, rule: decision.rule } : null;
}

describe("configuration cache on SQLite", () => {
  it("reuses the cached snapshot while the version is unchanged, live-state writes included", async () => {
    const to = await sendingLocation({ whatsapp: 2, defaultIndex: 1 });
    const first = await getSnapshot(to.locationId);
    expect(await getSnapshot(to.locationId)).toBe(first);
    // Status and health are live state, read under the send's lock: no new configuration.
    await db.instance.update({
      where: { id: to.instances[1].id },
      data: { status: "disconnected", statusReason: "logged_out", healthScore: 50 },
    });
    expect(await getSnapshot(to.locationId)).toBe(first);
    await db.instance.update({ where: { id: to.instances[1].id }, data: { label: "Renamed" } });
    const second = await getSnapshot(to.locationId);
    expect(second).not.toBe(first);
    expect(second.version).toBe(first.version + 1);
  });

  it("a default marked through the service is the next send's choice", async () => {
    const to = await sendingLocation({ whatsapp: 3, defaultIndex: 1 });
    expect(await sentFrom(to)).toEqual({ index: 1, label: "WA 1", rule: "default_instance" });
    await updateInstance({ ctx: to.ctx, instanceId: to.instances[2].id, patch: { isDefault: true } });
    expect(await sentFrom(to)).toEqual({ index: 3, label: "WA 3", rule: "default_instance" });
  });

  it("a direct SQL write (another process, the CLI) is the next send's choice, though this process's cache still holds the old one", async () => {
    const to = await sendingLocation({ whatsapp: 3, defaultIndex: 1 });
    expect(await sentFrom(to)).toEqual({ index: 1, label: "WA 1", rule: "default_instance" });
    const cached = await getCachedSnapshot(to.locationId);
    await db.$executeRaw`UPDATE "Instance" SET "isDefault" = false, "defaultChannel" = NULL WHERE "id" = ${to.instances[0].id}`;
    await db.$executeRaw`UPDATE "Instance" SET "isDefault" = true, "defaultChannel" = 'whatsapp', "label" = 'Billing' WHERE "id" = ${to.instances[1].id}`;
    // Nothing told this process: the send finds out by the version it reads under its lock.
    expect(await getCachedSnapshot(to.locationId)).toBe(cached);
    expect(await sentFrom(to)).toEqual({ index: 2, label: "Billing", rule: "default_instance" });
    expect((await getCachedSnapshot(to.locationId)).version).toBe(cached.version + 2);
  });

  it("a direct SQL write is seen by the next dry run too", async () => {
    const to = await sendingLocation({ whatsapp: 2, defaultIndex: 1 });
    const dryRun = () => routeMessage({ ctx: to.ctx, input: { channel: "whatsapp", contactId: to.contact.id, body: "Hi" } });
    expect((await dryRun()).decision).toMatchObject({ ok: true, instance: { index: 1, label: "WA 1" } });
    await db.$executeRaw`UPDATE "Instance" SET "label" = 'Orders' WHERE "id" = ${to.instances[0].id}`;
    expect((await dryRun()).decision).toMatchObject({ ok: true, instance: { index: 1, label: "Orders" } });
  });
});
