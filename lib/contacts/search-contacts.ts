import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import type { ContactSearch } from "@/lib/contacts/contact.schema";
import { contactSearchQuery } from "@/lib/contacts/contact-search-query";
import { contactSelect, contactView } from "@/lib/contacts/contact-view";
import { db } from "@/lib/db/client";
import { normalizePhone } from "@/lib/engine/phone";
import type { Prisma } from "@/lib/generated/prisma/client";
import { afterCursor, decodeCursor, pageOf } from "@/lib/pagination/cursor";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

/**
 * Contact search for the API and the dashboard: `q` as a phone or name prefix
 * (contact-search-query), an exact `phone`, the assignee and a tag; keyset pages on (sort key, id).
 * Each of q's ranges is read as one index range of at most a page, in order, so a page costs the
 * same at 100k contacts as at 100.
 */
export async function searchContacts(options: { ctx: ServiceContext; search: ContactSearch }) {
  const { ctx, search } = options;
  const locationId = ctx.location.id;
  const country = search.q || search.phone ? (await getSnapshot(locationId)).snapshot.defaultCountry : "";
  const phone = search.phone ? normalizePhone(search.phone, country) : undefined;
  if (phone === null) return { data: [], nextCursor: null }; // not a possible number: no contact has it
  const { where, ranges, sort } = contactSearchQuery(locationId, { ...search, phone }, country);
  const after = afterCursor<Prisma.ContactWhereInput>(
    sort.key,
    decodeCursor(search.cursor, sort.key === "createdAt" ? "date" : "text"),
    sort.order,
  );
  const reads = (ranges.length ? ranges : [{}]).map((range) =>
    db.contact.findMany({
      where: { ...where, AND: [...where.AND, range, after] },
      orderBy: [{ [sort.key]: sort.order }, { id: sort.order }],
      take: search.limit + 1,
      select: contactSelect,
    }),
  );
  // The ranges are disjoint and in sort order: their rows, one after the other, are in order.
  const rows = (await Promise.all(reads)).flat().slice(0, search.limit + 1);
  const page = pageOf(rows, search.limit, (row) => row[sort.key]);
  return { data: page.rows.map(contactView), nextCursor: page.nextCursor };
}
