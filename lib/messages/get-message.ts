import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { messageSelect, messageView } from "@/lib/messages/message-view";

/** One message of the location with its stored decision (another location's id is not found). */
export async function getMessage(options: { ctx: ServiceContext; messageId: string }) {
  const row = await db.message.findUnique({ where: { id: options.messageId, locationId: options.ctx.location.id }, select: messageSelect });
  if (!row) throw new AppError("not_found", "Message not found.");
  return messageView(row);
}
