import "server-only";
// How much room each number has left under its pacing (SPEC §3 `headroom`), read from the counters
// the dispatcher writes: HourCounter (sends per UTC clock hour), SendCounter.newContacts (contacts
// messaged for the first time per UTC day) and InstancePacing.nextSlotAt (the earliest next send).
// One query per table for any number of instances.
import { db } from "@/lib/db/client";
import { utcDayKey, utcHourKey } from "@/lib/engine/time";
import type { Pacing } from "@/lib/gateways/gateway.schema";

type Headroom = {
  sentThisHour: number;
  hourlyLimit: number | null;
  newContactsToday: number;
  newContactsPerDay: number | null;
  /** When the number may send next, if that is still ahead; null: it may send now. */
  nextSlotAt: string | null;
};

export async function readHeadroom(instances: { id: string; pacing: Pacing }[], now: number): Promise<Map<string, Headroom>> {
  const ids = instances.map((i) => i.id);
  const out = new Map<string, Headroom>();
  if (ids.length === 0) return out;
  const [hours, days, slots] = await Promise.all([
    db.hourCounter.findMany({ where: { instanceId: { in: ids }, hour: utcHourKey(now) }, select: { instanceId: true, sends: true } }),
    db.sendCounter.findMany({
      where: { instanceId: { in: ids }, day: utcDayKey(now) },
      select: { instanceId: true, newContacts: true },
    }),
    db.instancePacing.findMany({ where: { instanceId: { in: ids } }, select: { instanceId: true, nextSlotAt: true } }),
  ]);
  const sent = new Map(hours.map((h) => [h.instanceId, h.sends]));
  const fresh = new Map(days.map((d) => [d.instanceId, d.newContacts]));
  const next = new Map(slots.map((s) => [s.instanceId, s.nextSlotAt]));
  for (const { id, pacing } of instances) {
    const slot = next.get(id);
    out.set(id, {
      sentThisHour: sent.get(id) ?? 0,
      hourlyLimit: pacing.hourlyLimit,
      newContactsToday: fresh.get(id) ?? 0,
      newContactsPerDay: pacing.newContactsPerDay,
      nextSlotAt: slot && slot.getTime() > now ? slot.toISOString() : null,
    });
  }
  return out;
}
