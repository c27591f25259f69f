import "server-only";
import { db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";

export async function getContact(options: { ctx: ServiceContext; contactId: string }) {
  const row = await db.contact.findUnique({ where: { id: options.contactId, locationId: options.ctx.location.id }, select: contactSelect });
  if (!row) throw new AppError("not_found", "Contact not found.");
  return contactView(row);
}
