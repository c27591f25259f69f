import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import type { UpsertContactInput } from "@/lib/contacts/contact.schema";
import { contactTagData, requireMemberUser } from "@/lib/contacts/contact-helpers";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";
import { db } from "@/lib/db/client";
import { requirePhone } from "@/lib/phone-input";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

/** Creates the contact with this phone, or updates the fields given. `created` tells which. */
export async function upsertContact(options: { ctx: ServiceContext; input: UpsertContactInput }) {
  const { ctx, input } = options;
  const locationId = ctx.location.id;
  const { snapshot } = await getSnapshot(locationId);
  const phone = requirePhone(input.phone, snapshot.defaultCountry);
  if (input.assignedUserId) await requireMemberUser(locationId, input.assignedUserId);
  const existing = await db.contact.findUnique({ where: { locationId_phone: { locationId, phone } }, select: contactSelect });
  if (!existing) {
    const id = crypto.randomUUID();
    const [row] = await db.$transaction([
      db.contact.create({
        data: {
          id,
          locationId,
          phone,
          name: input.name ?? "",
          assignedUserId: input.assignedUserId ?? null,
          tags: { create: contactTagData(locationId, input.tags ?? [], snapshot.defaultCountry) },
        },
        select: contactSelect,
      }),
      auditOp(ctx, {
        action: "contact.created",
        entityType: "contact",
        entityId: id,
        after: { phone, name: input.name ?? "", tags: input.tags ?? [], assignedUserId: input.assignedUserId ?? null },
      }),
    ]);
    return { created: true, contact: contactView(row) };
  }
  const before = contactView(existing);
  const [, row] = await db.$transaction([
    auditOp(ctx, {
      action: "contact.updated",
      entityType: "contact",
      entityId: existing.id,
      before: pick(before),
      after: { ...pick(before), ...definedOnly(input) },
    }),
    db.contact.update({
      where: { id: existing.id, locationId },
      data: {
        name: input.name,
        assignedUserId: input.assignedUserId,
        tags: input.tags ? { deleteMany: {}, create: contactTagData(locationId, input.tags, snapshot.defaultCountry) } : undefined,
      },
      select: contactSelect,
    }),
  ]);
  return { created: false, contact: contactView(row) };
}

function pick(view: ReturnType<typeof contactView>) {
  return { name: view.name, tags: view.tags, assignedUserId: view.assignedUserId };
}

function definedOnly(input: { name?: string; tags?: string[]; assignedUserId?: string | null }) {
  return Object.fromEntries(
    Object.entries({ name: input.name, tags: input.tags, assignedUserId: input.assignedUserId }).filter(([, v]) => v !== undefined),
  );
}
