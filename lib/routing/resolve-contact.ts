import "server-only";
import { type StoredContact, sendStore } from "@/lib/db/send-store";
import type { EngineContact } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { requirePhone } from "@/lib/phone-input";

export type RoutingContact = { id: string | null; phone: string; engine: EngineContact };

/**
 * The contact a message goes to, by id (404 when not in this location) or by phone. An unknown
 * phone creates the contact when `create` (a send), and is routed as an untagged, unassigned
 * contact without storing anything otherwise (a dry run). Read on every message (no cache), so a
 * tag or assignment change — from any process — applies to the very next message.
 */
export async function resolveContact(options: {
  locationId: string;
  /** The location's configuration: its default country reads the phone, its member names word the trace. */
  config: { snapshot: { defaultCountry: string }; userNames: ReadonlyMap<string, string> };
  input: { contactId?: string; phone?: string };
  create: boolean;
}): Promise<RoutingContact> {
  const { locationId, input } = options;
  const userNames = options.config.userNames;
  let row: StoredContact | null;
  if (input.contactId) {
    row = await sendStore().findContact(locationId, { id: input.contactId });
    if (!row) throw new AppError("not_found", "Contact not found.", { details: { field: "contactId" } });
  } else {
    const phone = requirePhone(input.phone ?? "", options.config.snapshot.defaultCountry);
    row = await sendStore().findContact(locationId, { phone });
    if (!row && !options.create) return { id: null, phone, engine: { phone, tags: [], assignedUserId: null } };
    row ??= await sendStore().findOrCreateContact(locationId, phone);
  }
  const assignedUserId = row.assignedUserId;
  return {
    id: row.id,
    phone: row.phone,
    engine: {
      id: row.id,
      phone: row.phone,
      tags: row.tags,
      assignedUserId,
      assignedUserName: assignedUserId ? (userNames.get(assignedUserId) ?? null) : null,
    },
  };
}
