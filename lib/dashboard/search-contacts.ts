import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export const contactSearchSchema = z.object({
  q: z.string().trim().max(80).optional(),
  assignedUserId: z.string().max(64).optional(),
  tag: z.string().trim().max(120).optional(),
  cursor: z.string().max(300).optional(),
  take: z.number().int().min(1).max(100).default(50),
});
export type ContactSearch = z.input<typeof contactSearchSchema>;

/**
 * Contact search that stays fast at 100k+ contacts: a phone prefix or a name prefix becomes a
 * range on the (locationId, phone) / (locationId, name) indexes (LIKE cannot use them in SQLite),
 * and pages are keyset cursors on (sort key, id) — never OFFSET.
 */
export async function searchContacts(locationId: string, input: ContactSearch) {
  const { q, assignedUserId, tag, cursor, take } = contactSearchSchema.parse(input);
  const byPhone = !!q && /^[+\d(]/.test(q);
  const key: "phone" | "name" | "createdAt" = byPhone ? "phone" : q ? "name" : "createdAt";
  const where: Prisma.ContactWhereInput = { locationId };
  const and: Prisma.ContactWhereInput[] = [];
  if (byPhone) {
    const digits = q!.replace(/[^\d]/g, "");
    const prefix = `+${digits}`;
    and.push({ phone: { gte: prefix, lt: `${prefix}\uffff` } });
  } else if (q) {
    const variants = [...new Set([q, q[0].toUpperCase() + q.slice(1)])];
    and.push({ OR: variants.map((v) => ({ name: { gte: v, lt: `${v}\uffff` } })) });
  }
  if (assignedUserId) where.assignedUserId = assignedUserId === "none" ? null : assignedUserId;
  if (tag) and.push({ tags: { some: { locationId, value: tag } } });
  const after = decode(cursor, key);
  if (after) {
    const value = key === "createdAt" ? new Date(after.value) : after.value;
    const cmp = key === "createdAt" ? "lt" : "gt";
    and.push({ OR: [{ [key]: { [cmp]: value } }, { [key]: value, id: { [cmp]: after.id } }] });
  }
  if (and.length) where.AND = and;
  const dir = key === "createdAt" ? "desc" : "asc";
  const rows = await db.contact.findMany({
    where,
    orderBy: [{ [key]: dir }, { id: dir }],
    take: take + 1,
    select: {
      id: true, name: true, phone: true, createdAt: true, assignedUserId: true,
      assignedUser: { select: { id: true, name: true } },
      tags: { orderBy: { position: "asc" }, select: { value: true } },
    },
  });
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  return {
    contacts: page.map((c) => ({ id: c.id, name: c.name, phone: c.phone, assignedUser: c.assignedUser, tags: c.tags.map((t) => t.value) })),
    nextCursor: rows.length > take && last ? encode(key === "createdAt" ? last.createdAt.toISOString() : last[key], last.id) : null,
  };
}

function encode(value: string, id: string) {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

/** A cursor from a URL is untrusted: anything but one this page wrote is ignored (first page). */
function decode(cursor: string | undefined, key: "phone" | "name" | "createdAt") {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [value, id] = parsed as unknown[];
  if (typeof value !== "string" || typeof id !== "string" || value.length > 300 || id.length > 64) return null;
  if (key === "createdAt" && Number.isNaN(Date.parse(value))) return null;
  return { value, id };
}
