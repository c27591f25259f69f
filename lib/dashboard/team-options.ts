import "server-only";
import { db } from "@/lib/db/client";

export type TeamOption = { id: string; name: string; email: string; role: string };

/** The location's active members, for pickers (assign contact, assign instance). */
export async function listTeamOptions(locationId: string): Promise<TeamOption[]> {
  const rows = await db.membership.findMany({
    where: { locationId, active: true },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.user, role: r.role }));
}
