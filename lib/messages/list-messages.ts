import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ServiceContext } from "@/lib/audit/actor";
import { afterCursor, decodeCursor, page } from "@/lib/api/cursor";
import { messageView } from "@/lib/messages/message-view";
import type { ListMessagesQuery } from "@/lib/messages/message.schema";

/** Newest first, cursor-paginated; every filter is within the location. */
export async function listMessages(options: { ctx: ServiceContext; query: ListMessagesQuery }) {
  const { ctx, query } = options;
  const where: Prisma.MessageWhereInput = {
    locationId: ctx.location.id,
    contactId: query.contactId,
    instanceId: query.instanceId,
    rule: query.rule,
    status: query.status,
    channel: query.channel,
    ...(typeof query.errorCode === "number" ? { errorCode: query.errorCode } : query.errorCode ? { errorName: query.errorCode } : {}),
    ...afterCursor(decodeCursor(query.cursor)),
  };
  if (query.since || query.until) {
    where.AND = [{ createdAt: { gte: query.since ? new Date(query.since) : undefined, lt: query.until ? new Date(query.until) : undefined } }];
  }
  const rows = await db.message.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const result = page(rows, query.limit);
  return { data: result.rows.map(messageView), nextCursor: result.nextCursor };
}
