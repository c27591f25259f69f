// Removes a member from a location (deletes the membership; the account and its other locations
// stay). Removing the last admin is refused, decided under the location's lock so two concurrent
// removals — in any processes — cannot both pass. The member's next request answers 404 like any
// non-member's (requireMember reads the membership every time) and their open event streams end
// at the streams' next access check (lib/events/stream-access).
// Their contact and instance assignments are kept: removal takes access away, it does not change
// routing (an admin reassigns those contacts or numbers when that is wanted).

import type { ServiceContext } from "@/lib/audit/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { auditMemberChange, keepAnAdmin, lockMember } from "@/lib/members/locked-member";
import type { MemberRef } from "@/lib/members/member-view";

export async function removeMember(options: { db: PrismaClient; ctx: ServiceContext; member: MemberRef }) {
  const { db, ctx } = options;
  const locationId = ctx.location.id;
  return db.$transaction(async (tx) => {
    const locked = await lockMember(tx, locationId, options.member);
    await keepAnAdmin(tx, locationId, locked, "removed");
    await tx.membership.delete({ where: { id: locked.membershipId, locationId } });
    await auditMemberChange(tx, ctx, locked, "member.removed", null);
    // The user's sessions stay (they may belong to other locations); this location refuses their
    // next request anyway, because the membership is read on every request.
    return { removed: locked.member };
  });
}
