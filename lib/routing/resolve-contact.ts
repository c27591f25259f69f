import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requirePhone } from "@/lib/contacts/contact-helpers";
import type { EngineContact } from "@/lib/engine/types";

const select = { id: true, phone: true, assignedUserId: true, tags: { orderBy: { position: "asc" as const }, select: { value: true } } };

export type RoutingContact = { id: string | null; phone: string; engine: EngineContact };

/**
 * The contact a message goes to, by id (404 when not in this location) or by phone. An unknown
 * phone creates the contact when `create` (a send), and is routed as an untagged, unassigned
 * contact without storing anything otherwise (a dry run).
 */
export async function resolveContact(options: {
  locationId: string;
  defaultCountry: string;
  contactId?: string;
  phone?: string;
  create: boolean;
  userNames: Map<string, string>;
}): Promise<RoutingContact> {
  const { locationId } = options;
  let row = options.contactId
    ? await db.contact.findUnique({ where: { id: options.contactId, locationId }, select })
    : null;
  if (options.contactId && !row) throw new AppError("not_found", "Contact not found.", { details: { field: "contactId" } });
  if (!row) {
    const phone = requirePhone(options.phone ?? "", options.defaultCountry);
    row = await db.contact.findUnique({ where: { locationId_phone: { locationId, phone } }, select });
    if (!row && !options.create) return { id: null, phone, engine: { phone, tags: [], assignedUserId: null } };
    row ??= await createOnce(locationId, phone);
  }
  const assignedUserId = row.assignedUserId;
  return {
    id: row.id,
    phone: row.phone,
    engine: {
      id: row.id,
      phone: row.phone,
      tags: row.tags.map((t) => t.value),
      assignedUserId,
      assignedUserName: assignedUserId ? options.userNames.get(assignedUserId) ?? null : null,
    },
  };
}

/** Two concurrent first sends to one new phone: the second finds the row the first created. */
async function createOnce(locationId: string, phone: string) {
  try {
    return await db.contact.create({ data: { locationId, phone }, select });
  } catch (error) {
    const existing = await db.contact.findUnique({ where: { locationId_phone: { locationId, phone } }, select });
    if (existing) return existing;
    throw error;
  }
}
