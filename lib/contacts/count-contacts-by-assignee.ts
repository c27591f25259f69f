import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";

/** How many of the location's contacts each user is assigned (the Team page); users without any are absent. */
export async function countContactsByAssignee(options: { ctx: ServiceContext }): Promise<Map<string, number>> {
  const counts = await db.contact.groupBy({
    by: ["assignedUserId"],
    where: { locationId: options.ctx.location.id, assignedUserId: { not: null } },
    _count: { _all: true },
  });
  return new Map(counts.map((c) => [c.assignedUserId!, c._count._all]));
}
