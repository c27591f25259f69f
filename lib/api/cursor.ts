// Opaque cursors for newest-first lists ordered by (createdAt desc, id desc).
import { invalidRequest } from "@/lib/api/responses";

export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.getTime()}:${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined | null): Cursor | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^(\d{1,15}):([\w-]{1,64})$/.exec(text);
  if (!match) throw invalidRequest([{ path: "cursor", message: "Unknown cursor: use the nextCursor of a previous page." }]);
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

/** The Prisma `where` for rows strictly after the cursor in newest-first order. */
export function afterCursor(cursor: Cursor | null) {
  if (!cursor) return {};
  return { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
}

/** Takes `limit + 1` rows and turns them into a page. */
export function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { rows: data, nextCursor: more ? encodeCursor(data[data.length - 1]) : null };
}
