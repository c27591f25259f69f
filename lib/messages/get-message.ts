import "server-only";
import { db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { messageView } from "@/lib/messages/message-view";

export async function getMessage(options: { ctx: ServiceContext; messageId: string }) {
  const row = await db.message.findUnique({ where: { id: options.messageId, locationId: options.ctx.location.id } });
  if (!row) throw new AppError("not_found", "Message not found.");
  return messageView(row);
}
