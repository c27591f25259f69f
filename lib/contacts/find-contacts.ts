import "server-only";
import { db, dialect } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/audit/actor";
import { afterCursor, decodeCursor, page } from "@/lib/api/cursor";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";
import type { FindContactsQuery } from "@/lib/contacts/contact.schema";
import { contactIdsMatching } from "@/lib/db/contact-text-search";
import { normalizePhone } from "@/lib/engine/phone";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

/** Find by exact phone (any format) or search name/phone text; newest first, cursor-paginated. */
export async function findContacts(options: { ctx: ServiceContext; query: FindContactsQuery }) {
  const { ctx, query } = options;
  const locationId = ctx.location.id;
  const after = decodeCursor(query.cursor);
  let phone: string | undefined;
  if (query.phone) {
    const { snapshot } = await getSnapshot(locationId);
    const normalized = normalizePhone(query.phone, snapshot.defaultCountry);
    if (normalized === null) return { data: [], nextCursor: null };
    phone = normalized;
  }
  const rows = query.q ? await byText(locationId, query.q, phone, after, query.limit + 1) : await db.contact.findMany({
    where: { locationId, phone, ...afterCursor(after) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: contactSelect,
  });
  const result = page(rows, query.limit);
  return { data: result.rows.map(contactView), nextCursor: result.nextCursor };
}

/** The text search is one literal LIKE query (lib/db/contact-text-search), then the rows by id. */
async function byText(locationId: string, q: string, phone: string | undefined, after: ReturnType<typeof decodeCursor>, take: number) {
  const digits = q.replace(/[^\d+]/g, "");
  const ids = await contactIdsMatching(db, dialect, { locationId, text: q, digits: digits.length >= 3 ? digits : null, phone, after, take });
  const rows = await db.contact.findMany({ where: { locationId, id: { in: ids } }, select: contactSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
