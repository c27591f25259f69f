import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import type { UpdateContactInput } from "@/lib/contacts/contact.schema";
import { contactTagData, requireMemberUser } from "@/lib/contacts/contact-helpers";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

/** Updates a contact's tags (kept in the order given), assigned user and/or name. */
export async function updateContact(options: { ctx: ServiceContext; contactId: string; input: UpdateContactInput }) {
  const { ctx, contactId, input } = options;
  const locationId = ctx.location.id;
  const existing = await db.contact.findUnique({ where: { id: contactId, locationId }, select: contactSelect });
  if (!existing) throw new AppError("not_found", "Contact not found.");
  if (input.assignedUserId) await requireMemberUser(locationId, input.assignedUserId);
  const { snapshot } = await getSnapshot(locationId);
  const before = contactView(existing);
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const [, row] = await db.$transaction([
    auditOp(ctx, {
      action: "contact.updated",
      entityType: "contact",
      entityId: contactId,
      before: { name: before.name, tags: before.tags, assignedUserId: before.assignedUserId },
      after: { name: before.name, tags: before.tags, assignedUserId: before.assignedUserId, ...changes },
    }),
    db.contact.update({
      where: { id: contactId, locationId },
      data: {
        name: input.name,
        assignedUserId: input.assignedUserId,
        tags: input.tags ? { deleteMany: {}, create: contactTagData(locationId, input.tags, snapshot.defaultCountry) } : undefined,
      },
      select: contactSelect,
    }),
  ]);
  return contactView(row);
}
