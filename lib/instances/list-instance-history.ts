import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";

/** Status history of one instance, newest first (tenant-scoped). */
export async function listInstanceHistory(options: { ctx: ServiceContext; instanceId: string; take?: number }) {
  const events = await db.instanceEvent.findMany({
    where: { locationId: options.ctx.location.id, instanceId: options.instanceId },
    orderBy: { at: "desc" },
    take: options.take ?? 100,
    select: { id: true, fromStatus: true, fromReason: true, toStatus: true, toReason: true, source: true, at: true },
  });
  return events.map((e) => ({ ...e, at: e.at.toISOString() }));
}
