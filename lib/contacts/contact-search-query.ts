// The one meaning of a contact search `q` (README, "HTTP API"), for the API's GET /contacts, the
// Contacts page, the contact picker and the message log's contact filter:
// - `q` starting with "+", a digit or "(" is a phone prefix in E.164. Only its digits count. A
//   "+"-led query matches as typed ("+1555" → numbers starting +1555); digits without "+" match
//   either as typed with a "+" ("1555…") or as a national number of the location's default
//   country (its calling code, a leading trunk 0 dropped: "555" in a US location → +1555).
// - anything else is a name prefix, as typed or with its first letter capitalised.
// Each prefix is a range on the (locationId, phone) or (locationId, name) index — never LIKE,
// which SQLite cannot serve from an index and which would read "%" and "_" as wildcards. The
// ranges are disjoint and come in column order, so a search reads each one as its own index range
// and concatenates them: an OR of ranges would make SQLite scan the location's whole index (to
// return it in order) or sort every match. Pure.
import { type CountryCode, getCountryCallingCode } from "libphonenumber-js";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SortOrder } from "@/lib/pagination/cursor";

export type ContactSortKey = "phone" | "name" | "createdAt";
export type ContactFilters = { q?: string; phone?: string; assignedUserId?: string; tag?: string };

// The highest code point: every string that starts with the prefix sorts below prefix + it, in
// SQLite's binary order and PostgreSQL's C collation alike (both compare code points).
const LAST = "\u{10FFFF}";
const PHONE_QUERY = /^[+\d(]/;

/** A `q` as disjoint prefix ranges of one column, in that column's order. */
export function contactQueryRanges(q: string, defaultCountry: string): { key: "phone" | "name"; ranges: Prisma.ContactWhereInput[] } {
  const key = PHONE_QUERY.test(q) ? "phone" : "name";
  const prefixes = key === "phone" ? phonePrefixes(q, defaultCountry) : namePrefixes(q);
  return { key, ranges: prefixes.map((prefix) => ({ [key]: { gte: prefix, lt: `${prefix}${LAST}` } })) };
}

/**
 * The search: the `where` every range shares (tenant first), the ranges of `q` (none without
 * one), and the order — by the matched column with a `q`, newest first otherwise. `phone` is an
 * exact E.164 number; `assignedUserId` "none" means unassigned.
 */
export function contactSearchQuery(locationId: string, filters: ContactFilters, defaultCountry: string) {
  const and: Prisma.ContactWhereInput[] = [];
  const match = filters.q ? contactQueryRanges(filters.q, defaultCountry) : null;
  const sort: { key: ContactSortKey; order: SortOrder } = match ? { key: match.key, order: "asc" } : { key: "createdAt", order: "desc" };
  if (filters.phone) and.push({ phone: filters.phone });
  if (filters.assignedUserId) and.push({ assignedUserId: filters.assignedUserId === "none" ? null : filters.assignedUserId });
  if (filters.tag) and.push({ tags: { some: { locationId, value: filters.tag } } });
  return { where: { locationId, AND: and } satisfies Prisma.ContactWhereInput, ranges: match?.ranges ?? [], sort };
}

export function phonePrefixes(q: string, defaultCountry: string): string[] {
  const digits = q.replace(/\D/g, "");
  if (q.startsWith("+")) return [`+${digits}`];
  const national = callingCode(defaultCountry);
  return inOrder([`+${digits}`, ...(national ? [`+${national}${digits.replace(/^0/, "")}`] : [])]);
}

export function namePrefixes(q: string): string[] {
  return inOrder([q, q.charAt(0).toUpperCase() + q.slice(1)]);
}

function callingCode(country: string): string | null {
  try {
    return getCountryCallingCode(country.toUpperCase() as CountryCode);
  } catch {
    return null; // an unknown country: only the number as typed
  }
}

/**
 * Prefixes sorted as the databases compare text (UTF-8 bytes, i.e. code points), each kept only
 * when no other one is a prefix of it ("+1" covers "+11"): their ranges are then disjoint.
 */
function inOrder(prefixes: string[]): string[] {
  const sorted = [...new Set(prefixes)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return sorted.filter((p) => !sorted.some((other) => other !== p && p.startsWith(other)));
}
