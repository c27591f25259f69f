import "server-only";
import { db } from "@/lib/db/client";

export const READ_BATCH = 500;

/** Events of one location after stream id `afterSeq`, oldest first. */
export async function readEventsAfter(locationId: string, afterSeq: number, take = READ_BATCH) {
  return db.event.findMany({
    where: { locationId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take,
    select: { seq: true, type: true, payload: true },
  });
}

/** The newest stream id of a location (0 when none): a fresh stream starts after it. */
export async function lastEventId(locationId: string): Promise<number> {
  const row = await db.event.findFirst({ where: { locationId }, orderBy: { seq: "desc" }, select: { seq: true } });
  return row?.seq ?? 0;
}
