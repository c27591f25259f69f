import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import type { Channel } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";

/**
 * Unpins a contact's conversation on a channel (SPEC §3 `DELETE /contacts/{id}/bindings/{channel}`):
 * its next message there is routed as if it never wrote, until a message binds it again. Audited
 * with the binding it removed; 404 when there is none (or the contact is not this location's).
 */
export async function unpinBinding(options: { ctx: ServiceContext; contactId: string; channel: Channel }) {
  const { ctx, contactId, channel } = options;
  const locationId = ctx.location.id;
  const binding = await db.conversationBinding.findFirst({
    where: { locationId, contactId, channel },
    select: { instanceId: true, at: true, source: true },
  });
  if (!binding) throw new AppError("not_found", `This contact has no ${channel} conversation binding.`);
  await db.$transaction([
    db.conversationBinding.deleteMany({ where: { locationId, contactId, channel } }),
    auditOp(ctx, {
      action: "contact.binding_removed",
      entityType: "contact",
      entityId: contactId,
      before: { channel, instanceId: binding.instanceId, at: binding.at.toISOString(), source: binding.source },
      after: null,
    }),
  ]);
}
