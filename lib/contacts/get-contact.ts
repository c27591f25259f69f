import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { listBindings } from "@/lib/contacts/contact-bindings";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** One contact of the location, with its conversation bindings (SPEC §3 `GET /contacts/{id}`). */
export async function getContact(options: { ctx: ServiceContext; contactId: string }) {
  const locationId = options.ctx.location.id;
  const row = await db.contact.findUnique({ where: { id: options.contactId, locationId }, select: contactSelect });
  if (!row) throw new AppError("not_found", "Contact not found.");
  return { ...contactView(row), bindings: await listBindings(locationId, row.id) };
}
