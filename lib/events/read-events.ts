import "server-only";
import { db } from "@/lib/db/client";

/** Events of one location after `afterId`, oldest first. */
export async function readEventsAfter(locationId: string, afterId: number, take = 500) {
  return db.event.findMany({
    where: { locationId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take,
    select: { id: true, type: true, payload: true },
  });
}

/** The newest event id of a location (0 when none): a fresh stream starts after it. */
export async function lastEventId(locationId: string): Promise<number> {
  const row = await db.event.findFirst({ where: { locationId }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0;
}
