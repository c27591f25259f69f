import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { MAX_TAGS } from "@/lib/contacts/contact.schema";
import { db } from "@/lib/db/client";
import { retryOnRace } from "@/lib/db/errors";
import { readNumberTag } from "@/lib/engine/syntax";
import { CHANNEL_NAMES } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";

/**
 * Appends one tag (last in order) to many contacts that do not have it yet; audited in one
 * transaction. A selection with a contact already at MAX_TAGS changes nothing (all or none, as the
 * API refuses a 51st tag). Positions come from the read: a concurrent tag edit of the same contact
 * meets the (contactId, position) unique index, and the whole read-check-write runs again.
 */
export async function bulkTagContacts(options: { ctx: ServiceContext; contactIds: string[]; tag: string }) {
  const { ctx, contactIds } = options;
  const locationId = ctx.location.id;
  const tag = options.tag.trim();
  const location = await db.location.findUniqueOrThrow({ where: { id: locationId }, select: { defaultCountry: true } });
  // Read as routing reads it (the engine's tag syntax): a number tag must hold a usable number.
  const meaning = readNumberTag(tag, location.defaultCountry);
  if (meaning && !meaning.phone) {
    throw new AppError("invalid_request", `“${tag}” is a ${CHANNEL_NAMES[meaning.channel]} number tag without a possible phone number.`, {
      details: { field: "tag" },
    });
  }
  return retryOnRace(async () => {
    const contacts = await db.contact.findMany({
      where: { locationId, id: { in: contactIds } },
      select: { id: true, tags: { select: { position: true, value: true }, orderBy: { position: "desc" } } },
    });
    const targets = contacts.filter((c) => !c.tags.some((t) => t.value === tag));
    const full = targets.filter((c) => c.tags.length >= MAX_TAGS).length;
    if (full > 0) throw new AppError("invalid_request", fullMessage(full), { status: 400, details: { field: "tag" } });
    await db.$transaction([
      ...targets.map((c) =>
        db.contactTag.create({
          data: {
            locationId,
            contactId: c.id,
            position: (c.tags[0]?.position ?? -1) + 1,
            value: tag,
            channel: meaning?.channel ?? null,
            phone: meaning?.phone ?? null,
          },
        }),
      ),
      ...targets.map((c) => db.contact.update({ where: { id: c.id }, data: { updatedAt: new Date() } })),
      auditOp(ctx, {
        action: "contacts.bulk_tag",
        entityType: "contact",
        entityId: null,
        after: { contactIds: targets.map((c) => c.id), tag },
      }),
    ]);
    return { updated: targets.length, alreadyTagged: contacts.length - targets.length };
  });
}

function fullMessage(count: number): string {
  const them = count === 1 ? "it" : "them";
  const who = count === 1 ? "1 selected contact already has" : `${count} selected contacts already have`;
  return `${who} ${MAX_TAGS} tags, the limit: remove a tag from ${them} or leave ${them} out.`;
}
