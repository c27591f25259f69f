import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** Assigns (or unassigns, with null) many contacts of the location to one member, audited in one transaction. */
export async function bulkAssignContacts(options: { ctx: ServiceContext; contactIds: string[]; assignedUserId: string | null }) {
  const { ctx, contactIds, assignedUserId } = options;
  const locationId = ctx.location.id;
  if (assignedUserId) {
    const member = await db.membership.findFirst({ where: { locationId, userId: assignedUserId, active: true }, select: { id: true } });
    if (!member)
      throw new AppError("invalid_request", "That user is not a member of this location.", { details: { field: "assignedUserId" } });
  }
  const before = await db.contact.findMany({ where: { locationId, id: { in: contactIds } }, select: { id: true, assignedUserId: true } });
  const ids = before.map((c) => c.id);
  const [result] = await db.$transaction([
    db.contact.updateMany({ where: { locationId, id: { in: ids } }, data: { assignedUserId } }),
    auditOp(ctx, {
      action: "contacts.bulk_assign",
      entityType: "contact",
      entityId: null,
      before: before.map((c) => ({ id: c.id, assignedUserId: c.assignedUserId })),
      after: { contactIds: ids, assignedUserId },
    }),
  ]);
  return { updated: result.count };
}
