import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export async function getContact(options: { ctx: ServiceContext; contactId: string }) {
  const row = await db.contact.findUnique({ where: { id: options.contactId, locationId: options.ctx.location.id }, select: contactSelect });
  if (!row) throw new AppError("not_found", "Contact not found.");
  return contactView(row);
}
