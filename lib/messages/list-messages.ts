import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { contactQueryRanges } from "@/lib/contacts/contact-search-query";
import { db } from "@/lib/db/client";
import { DAY_MS } from "@/lib/engine/time";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ListMessagesQuery } from "@/lib/messages/message.schema";
import { messageSelect, messageView } from "@/lib/messages/message-view";
import { afterCursor, decodeCursor, pageOf } from "@/lib/pagination/cursor";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

/** The message log (GET /messages, the Messages page): newest first, keyset pages; every filter within the location. */
export async function listMessages(options: { ctx: ServiceContext; query: ListMessagesQuery }) {
  const { ctx, query } = options;
  const locationId = ctx.location.id;
  const and: Prisma.MessageWhereInput[] = [];
  if (query.contact) {
    const { snapshot } = await getSnapshot(locationId);
    and.push({ contact: { OR: contactQueryRanges(query.contact, snapshot.defaultCountry).ranges } });
  }
  if (query.errorCode !== undefined) and.push(errorFilter(query.errorCode));
  if (query.since || query.until) and.push({ createdAt: { gte: startOf(query.since), lt: endOf(query.until) } });
  and.push(afterCursor<Prisma.MessageWhereInput>("createdAt", decodeCursor(query.cursor, "date"), "desc"));
  const rows = await db.message.findMany({
    where: {
      locationId,
      contactId: query.contactId,
      instanceId: query.instanceId,
      rule: query.rule === "none" ? null : query.rule,
      status: query.status,
      channel: query.channel,
      AND: and,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: messageSelect,
  });
  const page = pageOf(rows, query.limit, (row) => row.createdAt);
  return { data: page.rows.map(messageView), nextCursor: page.nextCursor };
}

function errorFilter(code: NonNullable<ListMessagesQuery["errorCode"]>): Prisma.MessageWhereInput {
  if (code === "any") return { status: "failed" };
  return typeof code === "number" ? { errorCode: code } : { errorName: code };
}

/** A day (YYYY-MM-DD) starts at its UTC midnight; an instant is itself. */
function startOf(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/** `until` a day includes that day: the bound is the next midnight. */
function endOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  return value.length === 10 ? new Date(Date.parse(`${value}T00:00:00Z`) + DAY_MS) : new Date(value);
}
