import "server-only";
import { db } from "@/lib/db/client";
import { containsText } from "@/lib/db/text-filter";
import type { ServiceContext } from "@/lib/audit/actor";
import { afterCursor, decodeCursor, page } from "@/lib/api/cursor";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";
import type { FindContactsQuery } from "@/lib/contacts/contact.schema";
import { normalizePhone } from "@/lib/engine/phone";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

/** Find by exact phone (any format) or search name/phone text; newest first, cursor-paginated. */
export async function findContacts(options: { ctx: ServiceContext; query: FindContactsQuery }) {
  const { ctx, query } = options;
  const locationId = ctx.location.id;
  const where: NonNullable<Parameters<typeof db.contact.findMany>[0]>["where"] = { locationId, ...afterCursor(decodeCursor(query.cursor)) };
  if (query.phone) {
    const { snapshot } = await getSnapshot(locationId);
    const phone = normalizePhone(query.phone, snapshot.defaultCountry);
    if (phone === null) return { data: [], nextCursor: null };
    where.phone = phone;
  }
  if (query.q) {
    const digits = query.q.replace(/[^\d+]/g, "");
    where.AND = [{ OR: [{ name: containsText(query.q) }, ...(digits.length >= 3 ? [{ phone: { contains: digits } }] : [])] }];
  }
  const rows = await db.contact.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: contactSelect,
  });
  const result = page(rows, query.limit);
  return { data: result.rows.map(contactView), nextCursor: result.nextCursor };
}
