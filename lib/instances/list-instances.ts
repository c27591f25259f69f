import "server-only";
import { db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/audit/actor";
import { instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { getLiveSnapshot } from "@/lib/routing/snapshot-cache";
import type { Channel } from "@/lib/engine/types";

export async function listInstances(options: { ctx: ServiceContext; channel?: Channel }) {
  const locationId = options.ctx.location.id;
  const [rows, entry] = await Promise.all([
    db.instance.findMany({ where: { locationId, channel: options.channel }, orderBy: [{ channel: "asc" }, { index: "asc" }], select: instanceSelect }),
    getLiveSnapshot(locationId),
  ]);
  const sends = new Map(entry.entry.snapshot.instances.map((i) => [i.id, i.sendsToday]));
  return rows.map((row) => instanceView(row, sends.get(row.id) ?? 0));
}

export async function sendsTodayOf(locationId: string, instanceId: string): Promise<number> {
  const { entry } = await getLiveSnapshot(locationId);
  return entry.snapshot.instances.find((i) => i.id === instanceId)?.sendsToday ?? 0;
}
