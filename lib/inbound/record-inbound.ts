import "server-only";
// A message a contact sent to one of our numbers (SPEC §1 inbound message), from POST /inbound or a
// gateway's own webhook (lib/delivery/apply-gateway-updates.ts): one path for both. The contact is
// found or created the way a send finds it (lib/routing/resolve-contact); then, in one transaction,
// the message is stored, the contact's conversation on that channel is (re)bound to the number it
// wrote to, and `message.inbound` is appended. A gateway repeating a webhook (same providerMessageId
// on the same instance) stores nothing twice: the first row is answered again.
import { db, type Prisma } from "@/lib/db/client";
import { retryOnRace } from "@/lib/db/errors";
import { normalizePhone } from "@/lib/engine/phone";
import type { Channel } from "@/lib/engine/types";
import { appendEventOp } from "@/lib/events/append-event";
import { notifyEvents } from "@/lib/events/notifier";
import { requirePhone } from "@/lib/phone-input";
import { resolveContact } from "@/lib/routing/resolve-contact";

export type InboundInstance = { id: string; locationId: string; channel: string; index: number; phone: string | null };

const inboundSelect = {
  id: true,
  channel: true,
  contactId: true,
  instanceId: true,
  body: true,
  receivedAt: true,
  providerMessageId: true,
} satisfies Prisma.InboundMessageSelect;

type InboundRow = Prisma.InboundMessageGetPayload<{ select: typeof inboundSelect }>;

/** The row as the API answers it: its channel typed, its time in ISO 8601. */
function inboundView(row: InboundRow) {
  return { ...row, channel: row.channel as Channel, receivedAt: row.receivedAt.toISOString() };
}

export async function recordInbound(options: {
  location: { id: string; defaultCountry: string };
  instance: InboundInstance;
  from: string;
  body: string;
  providerMessageId: string | null;
  at: Date | null;
  now?: number;
}): Promise<{ created: boolean; inbound: ReturnType<typeof inboundView> }> {
  const { location, instance, providerMessageId } = options;
  const now = options.now ?? Date.now();
  // A clock ahead of ours must not pin the conversation into the future.
  const receivedAt = new Date(Math.min(options.at?.getTime() ?? now, now));
  const phone = inboundPhone(options.from, location.defaultCountry);
  const repeat = () =>
    providerMessageId
      ? db.inboundMessage.findUnique({
          where: { instanceId_providerMessageId: { instanceId: instance.id, providerMessageId } },
          select: inboundSelect,
        })
      : null;
  const first = await repeat();
  if (first) return { created: false, inbound: inboundView(first) };
  // No member names: the contact's assignment is not worded anywhere here.
  const config = { snapshot: { defaultCountry: location.defaultCountry }, userNames: new Map<string, string>() };
  const contact = await resolveContact({ locationId: location.id, config, input: { phone }, create: true });
  const contactId = contact.id!;
  // The same webhook twice at once: the unique (instanceId, providerMessageId) refuses the second
  // insert, which runs again and finds the first.
  const result = await retryOnRace(async () => {
    const stored = await repeat();
    if (stored) return { created: false, row: stored };
    const row = await db.$transaction(async (tx) => {
      const row = await tx.inboundMessage.create({
        data: {
          locationId: location.id,
          channel: instance.channel,
          contactId,
          instanceId: instance.id,
          body: options.body,
          providerMessageId,
          receivedAt,
        },
        select: inboundSelect,
      });
      // A late webhook of an older message does not move a newer binding back.
      const key = { contactId_channel: { contactId, channel: instance.channel } };
      const binding = await tx.conversationBinding.findUnique({ where: key, select: { at: true } });
      const data = { instanceId: instance.id, at: receivedAt, source: "inbound" };
      if (!binding)
        await tx.conversationBinding.create({ data: { contactId, channel: instance.channel, locationId: location.id, ...data } });
      else if (binding.at <= receivedAt) await tx.conversationBinding.update({ where: key, data });
      await appendEventOp(
        location.id,
        {
          type: "message.inbound",
          data: {
            inboundId: row.id,
            channel: instance.channel as Channel,
            contactId,
            contactPhone: contact.phone,
            instanceId: instance.id,
            index: instance.index,
            phone: instance.phone,
            body: row.body,
            providerMessageId,
            at: receivedAt.toISOString(),
          },
        },
        tx,
      );
      return row;
    });
    return { created: true, row };
  });
  if (result.created) notifyEvents(location.id);
  return { created: result.created, inbound: inboundView(result.row) };
}

/**
 * The sender as E.164. Gateways hand over the number without its JID suffix (the adapters strip
 * `@c.us` / `@s.whatsapp.net`), as +digits, or as bare digits — which WhatsApp gives in
 * international form (country code first, no +): read with the location's country first, as
 * people type numbers, and as international digits when that is not a possible number.
 */
function inboundPhone(from: string, defaultCountry: string): string {
  const trimmed = from.trim();
  if (/^\d{8,15}$/.test(trimmed) && normalizePhone(trimmed, defaultCountry) === null) {
    const international = normalizePhone(`+${trimmed}`, defaultCountry);
    if (international) return international;
  }
  return requirePhone(trimmed, defaultCountry, "from");
}
