// Contact search by text, with the text taken literally. Prisma's `contains` becomes LIKE with the
// text pasted in unescaped on both databases, so `q=%` matched every contact and `_` any
// character (measured on SQLite and PostgreSQL); it cannot add an ESCAPE clause. This one query
// escapes %, _ and \ itself and says ESCAPE '\', which both databases honour; lower() on both
// sides gives the same case-insensitivity on both. The cursor's timestamp is the one
// dialect-specific part: Prisma stores DateTime as ISO text on SQLite, as timestamp on PostgreSQL.
import type { Cursor } from "@/lib/api/cursor";
import type { Dialect } from "@/lib/db/dialect";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

export type ContactTextSearch = {
  locationId: string;
  /** Matched anywhere in the name, case-insensitively. */
  text: string;
  /** Also matched anywhere in the phone (digits and +), when given. */
  digits?: string | null;
  /** Exact E.164 phone, when the search also names one. */
  phone?: string;
  after: Cursor | null;
  take: number;
};

/** Ids of the matching contacts, newest first (createdAt desc, id desc), after the cursor. */
export async function contactIdsMatching(db: PrismaClient, dialect: Dialect, search: ContactTextSearch): Promise<string[]> {
  const { locationId, text, digits, phone, after, take } = search;
  const textMatch = Prisma.sql`lower("name") LIKE lower(${`%${escapeLike(text)}%`}) ESCAPE '\\'`;
  const digitsMatch = digits ? Prisma.sql` OR "phone" LIKE ${`%${escapeLike(digits)}%`} ESCAPE '\\'` : Prisma.empty;
  const phoneMatch = phone ? Prisma.sql` AND "phone" = ${phone}` : Prisma.empty;
  const at = after ? timestamp(dialect, after.createdAt) : null;
  const afterMatch = after && at ? Prisma.sql` AND ("createdAt" < ${at} OR ("createdAt" = ${at} AND "id" < ${after.id}))` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Contact"
    WHERE "locationId" = ${locationId} AND (${textMatch}${digitsMatch})${phoneMatch}${afterMatch}
    ORDER BY "createdAt" DESC, "id" DESC
    LIMIT ${take}`;
  return rows.map((r) => r.id);
}

/** `text` as a LIKE pattern that matches only itself. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function timestamp(dialect: Dialect, date: Date): Prisma.Sql {
  const iso = date.toISOString();
  return dialect === "postgres" ? Prisma.sql`${iso.slice(0, -1)}::timestamp` : Prisma.sql`${iso.replace("Z", "+00:00")}`;
}
