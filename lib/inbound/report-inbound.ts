import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { normalizePhone } from "@/lib/engine/phone";
import { AppError } from "@/lib/errors";
import type { InboundReport } from "@/lib/inbound/inbound.schema";
import { recordInbound } from "@/lib/inbound/record-inbound";
import { senderRef } from "@/lib/routing/send.schema";

/**
 * POST /inbound: `to` names the instance written to as POST /messages' `from` names a sender — its id
 * or its number on this location and channel. Anything else is 404 `not_found` (SPEC §3: an id of
 * another location is not found, never forbidden; a number is looked up the same way, so whether a
 * number exists elsewhere is not revealed either). Answers the stored message, the first one for a
 * repeated providerMessageId (`created` false).
 */
export async function reportInbound(options: { ctx: ServiceContext; report: InboundReport }) {
  const { ctx, report } = options;
  const locationId = ctx.location.id;
  const location = await db.location.findUniqueOrThrow({ where: { id: locationId }, select: { id: true, defaultCountry: true } });
  const ref = senderRef(report.to);
  const phone = ref && "phone" in ref ? normalizePhone(ref.phone, location.defaultCountry) : null;
  const instance = await db.instance.findFirst({
    where: { locationId, channel: report.channel, ...(ref && "instanceId" in ref ? { id: ref.instanceId } : { phone: phone ?? "" }) },
    select: { id: true, locationId: true, channel: true, index: true, phone: true },
  });
  if (!instance || (ref && "phone" in ref && !phone))
    throw new AppError("not_found", `No ${report.channel} instance "${report.to}" in this location.`, { details: { field: "to" } });
  return recordInbound({
    location,
    instance,
    from: report.from,
    body: report.body,
    providerMessageId: report.providerMessageId ?? null,
    at: report.at ? new Date(report.at) : null,
  });
}
