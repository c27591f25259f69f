import type { ServiceContext } from "@/lib/audit/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { memberSelect, memberView } from "@/lib/members/member-view";

/** The location's active members, by name (Settings → Members; CLI). */
export async function listMembers(options: { db: PrismaClient; ctx: ServiceContext }) {
  const rows = await options.db.membership.findMany({
    where: { locationId: options.ctx.location.id, active: true },
    select: memberSelect,
    orderBy: [{ user: { name: "asc" } }, { user: { email: "asc" } }],
  });
  return rows.map(memberView);
}
