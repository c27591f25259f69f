// The start of the member changes that the rule "a location always keeps an admin" (SPEC §4)
// guards — a role change, a removal: the location's lock first (lib/db/location-lock), so two
// concurrent changes in any processes cannot both pass the check, then the member, then the check.
// No "server-only": the CLI runs these use cases too.

import type { ServiceContext } from "@/lib/audit/actor";
import { auditEntryData } from "@/lib/audit/audit-entry-data";
import { lockLocation } from "@/lib/db/location-lock";
import type { Role } from "@/lib/domain";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  lastAdminError,
  type MemberRef,
  type MemberView,
  memberNotFound,
  memberSelect,
  memberView,
  memberWhere,
} from "@/lib/members/member-view";

type LockedMember = { membershipId: string; member: MemberView };

/** Locks the location and reads the member `ref` names in it (not_found if either is missing). */
export async function lockMember(tx: Prisma.TransactionClient, locationId: string, ref: MemberRef): Promise<LockedMember> {
  if (!(await lockLocation(tx, locationId))) throw new AppError("not_found", "Location not found.");
  const row = await tx.membership.findFirst({ where: memberWhere(locationId, ref), select: memberSelect });
  if (!row) throw memberNotFound();
  return { membershipId: row.id, member: memberView(row) };
}

/** Refuses to demote or remove a locked admin when no other active admin is left. */
export async function keepAnAdmin(tx: Prisma.TransactionClient, locationId: string, locked: LockedMember, verb: "demoted" | "removed") {
  if (locked.member.role !== "admin") return;
  const otherAdmins = await tx.membership.count({ where: { locationId, role: "admin", active: true, id: { not: locked.membershipId } } });
  if (otherAdmins === 0) throw lastAdminError(locked.member, verb);
}

/** The audit entry of a change to a locked member: e-mail and role before, and after (null: removed). */
export async function auditMemberChange(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  locked: LockedMember,
  action: "member.role_changed" | "member.removed",
  after: { role: Role } | null,
) {
  const { userId, email, role } = locked.member;
  await tx.auditEntry.create({
    data: auditEntryData(ctx, {
      action,
      entityType: "member",
      entityId: userId,
      before: { email, role },
      after: after && { email, ...after },
    }),
  });
}
