import "server-only";
// A contact's conversation bindings (SPEC §1): per channel, the number it last exchanged messages
// with, when, and whether an inbound or an outbound message bound it. The `conversation` rule reads
// them; GET /contacts/{id} shows them.
import { db } from "@/lib/db/client";
import type { Channel } from "@/lib/engine/types";

export async function listBindings(locationId: string, contactId: string) {
  const rows = await db.conversationBinding.findMany({
    where: { locationId, contactId },
    orderBy: { channel: "asc" },
    select: { channel: true, at: true, source: true, instance: { select: { id: true, index: true, phone: true, label: true } } },
  });
  return rows.map((row) => ({
    channel: row.channel as Channel,
    instance: row.instance,
    at: row.at.toISOString(),
    source: row.source as "inbound" | "outbound",
  }));
}
