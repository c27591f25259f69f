// Changes a member's role. Demoting the last admin is refused, decided under the location's lock
// (lib/db/location-lock) so two concurrent demotions — in any processes — cannot both pass the
// check. The new role applies from the member's next request: requireMember reads it every time.

import type { ServiceContext } from "@/lib/audit/actor";
import type { Role } from "@/lib/domain";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { auditMemberChange, keepAnAdmin, lockMember } from "@/lib/members/locked-member";
import { type MemberRef, memberSelect, memberView } from "@/lib/members/member-view";

export async function changeMemberRole(options: { db: PrismaClient; ctx: ServiceContext; member: MemberRef; role: Role }) {
  const { db, ctx, role } = options;
  const locationId = ctx.location.id;
  return db.$transaction(async (tx) => {
    const locked = await lockMember(tx, locationId, options.member);
    const before = locked.member;
    if (before.role === role) return { member: before, previousRole: before.role };
    await keepAnAdmin(tx, locationId, locked, "demoted");
    const updated = await tx.membership.update({ where: { id: locked.membershipId, locationId }, data: { role }, select: memberSelect });
    await auditMemberChange(tx, ctx, locked, "member.role_changed", { role });
    return { member: memberView(updated), previousRole: before.role };
  });
}
