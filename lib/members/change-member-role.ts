// Changes a member's role. Demoting the last admin is refused, decided under the location's lock
// (lib/db/location-lock) so two concurrent demotions — in any processes — cannot both pass the
// check. The new role applies from the member's next request: requireMember reads it every time.

import type { ServiceContext } from "@/lib/audit/actor";
import { auditEntryData } from "@/lib/audit/audit-entry-data";
import { lockLocation } from "@/lib/db/location-lock";
import type { Role } from "@/lib/domain";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { lastAdminError, type MemberRef, memberNotFound, memberSelect, memberView, memberWhere } from "@/lib/members/member-view";

export async function changeMemberRole(options: { db: PrismaClient; ctx: ServiceContext; member: MemberRef; role: Role }) {
  const { db, ctx, role } = options;
  const locationId = ctx.location.id;
  return db.$transaction(async (tx) => {
    if (!(await lockLocation(tx, locationId))) throw new AppError("not_found", "Location not found.");
    const row = await tx.membership.findFirst({ where: memberWhere(locationId, options.member), select: memberSelect });
    if (!row) throw memberNotFound();
    const before = memberView(row);
    if (before.role === role) return { member: before, previousRole: before.role };
    if (before.role === "admin") {
      const otherAdmins = await tx.membership.count({ where: { locationId, role: "admin", active: true, id: { not: row.id } } });
      if (otherAdmins === 0) throw lastAdminError(before, "demoted");
    }
    const updated = await tx.membership.update({ where: { id: row.id, locationId }, data: { role }, select: memberSelect });
    await tx.auditEntry.create({
      data: auditEntryData(ctx, {
        action: "member.role_changed",
        entityType: "member",
        entityId: before.userId,
        before: { email: before.email, role: before.role },
        after: { email: before.email, role },
      }),
    });
    return { member: memberView(updated), previousRole: before.role };
  });
}
