// Keyset pagination, one format for every list (contacts, messages): a cursor is base64url of the
// JSON [sort value, id] of the last row a page showed, and the next page is the rows strictly
// after it in (sort key, id) order — never OFFSET, so page 2,000 costs what page 1 costs.
// One error policy: a cursor this module did not write is invalid input, raised as the domain's
// `invalid_request` (lib/errors) with `path: "cursor"`. The API answers it 400; the dashboard
// drops it like any other bad filter in a URL and shows the first page (app/[locationId]/url-filters.ts).
import { invalidRequest } from "@/lib/errors";

export type SortValue = string | Date;
export type Cursor<V extends SortValue> = { value: V; id: string };
export type SortOrder = "asc" | "desc";

const ID = /^[\w-]{1,64}$/;
const MAX_VALUE = 300;

export function encodeCursor(value: SortValue, id: string): string {
  return Buffer.from(JSON.stringify([value instanceof Date ? value.toISOString() : value, id])).toString("base64url");
}

/** The position a cursor names, with its sort value read as text or as an instant. */
export function decodeCursor(cursor: string | undefined, kind: "text"): Cursor<string> | null;
export function decodeCursor(cursor: string | undefined, kind: "date"): Cursor<Date> | null;
export function decodeCursor(cursor: string | undefined, kind: "text" | "date"): Cursor<SortValue> | null;
export function decodeCursor(cursor: string | undefined, kind: "text" | "date"): Cursor<SortValue> | null {
  if (!cursor) return null;
  const parsed = parseJson(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!Array.isArray(parsed) || parsed.length !== 2) throw unknownCursor();
  const [value, id] = parsed as unknown[];
  // NUL never reaches a query: PostgreSQL cannot even compare it (it would be a 500, not a 400).
  if (typeof value !== "string" || value.length > MAX_VALUE || value.includes("\u0000")) throw unknownCursor();
  if (typeof id !== "string" || !ID.test(id)) throw unknownCursor();
  if (kind === "text") return { value, id };
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== value) throw unknownCursor();
  return { value: at, id };
}

/**
 * The Prisma `where` for the rows strictly after `cursor` in (field, id) order. Typed by the caller
 * (`afterCursor<Prisma.ContactWhereInput>(…)`): the field is a column of the list's own model.
 */
export function afterCursor<Where>(field: string, cursor: Cursor<SortValue> | null, order: SortOrder): Where {
  if (!cursor) return {} as Where;
  const cmp = order === "asc" ? "gt" : "lt";
  return { OR: [{ [field]: { [cmp]: cursor.value } }, { [field]: cursor.value, id: { [cmp]: cursor.id } }] } as Where;
}

/** Rows read with `take: limit + 1` → the page, and the cursor of the next one (null on the last page). */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, sortValue: (row: T) => SortValue) {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: encodeCursor(sortValue(last), last.id) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function unknownCursor() {
  return invalidRequest([{ path: "cursor", message: "Unknown cursor: use the nextCursor of a previous page." }]);
}
