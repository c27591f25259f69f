import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export const messageFiltersSchema = z.object({
  instanceId: z.string().max(64).optional(),
  rule: z.string().max(40).optional(),
  errorCode: z.string().max(8).optional(),
  status: z.enum(["sent", "failed", "delivered"]).optional(),
  contactId: z.string().max(64).optional(),
  contact: z.string().max(80).optional(),
  // A malformed date in a shared URL drops that filter only, never the page (it was a 500).
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  cursor: z.string().max(200).optional(),
});
export type MessageFilters = z.infer<typeof messageFiltersSchema>;

const PAGE = 50;

/** The message log: filters, newest first, keyset-paginated on (createdAt, id). */
export async function listMessageLog(locationId: string, filters: MessageFilters) {
  const where: Prisma.MessageWhereInput = { locationId };
  if (filters.instanceId) where.instanceId = filters.instanceId;
  if (filters.rule) where.rule = filters.rule === "none" ? null : filters.rule;
  if (filters.errorCode) where.errorCode = filters.errorCode === "any" ? { not: null } : Number(filters.errorCode) || -1;
  if (filters.status) where.status = filters.status;
  if (filters.contactId) where.contactId = filters.contactId;
  const q = filters.contact?.trim();
  // Prefixes as ranges, not LIKE (startsWith): "%" and "_" stay text, and the indexes serve them.
  if (q) where.contact = /^[+\d]/.test(q) ? { phone: prefixRange(q.startsWith("+") ? q : `+${q}`) } : { OR: nameVariants(q).map((v) => ({ name: prefixRange(v) })) };
  const created: Prisma.DateTimeFilter = {};
  if (filters.from) created.gte = new Date(`${filters.from}T00:00:00Z`);
  if (filters.to) created.lt = new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000);
  const cursor = decodeCursor(filters.cursor);
  const and: Prisma.MessageWhereInput[] = [];
  if (created.gte || created.lt) and.push({ createdAt: created });
  if (cursor) and.push({ OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] });
  if (and.length) where.AND = and;
  const rows = await db.message.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: {
      id: true, channel: true, status: true, rule: true, errorCode: true, errorName: true, body: true, requestedBody: true,
      instanceIndex: true, instanceLabel: true, instancePhone: true, source: true, createdAt: true,
      contact: { select: { id: true, name: true, phone: true } },
    },
  });
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    messages: page.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    nextCursor: rows.length > PAGE && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

function prefixRange(prefix: string) {
  return { gte: prefix, lt: `${prefix}\uffff` };
}

/** As typed and capitalised: SQLite's LIKE ignored ASCII case; the common case is a capital. */
function nameVariants(q: string): string[] {
  return [...new Set([q, q[0].toUpperCase() + q.slice(1)])];
}

function encodeCursor(at: Date, id: string) {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(iso);
  return id && !Number.isNaN(at.getTime()) ? { at, id } : null;
}
