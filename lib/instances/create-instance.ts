import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { retryOnRace } from "@/lib/db/errors";
import type { Channel } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { newInboundToken } from "@/lib/gateways/connection";
import { instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { requirePhone } from "@/lib/phone-input";
import { getSnapshot, invalidateSnapshot } from "@/lib/routing/snapshot-cache";

/**
 * A new instance with the next free index of its channel (one above the highest existing, so an
 * index is never reused while its instance exists). It starts in qr_pending. Two processes creating
 * at once may pick the same index: the unique index refuses one, which runs again. It gets its
 * inbound token now, so its gateway webhook URL exists before any gateway is connected.
 */
export async function createInstance(options: { ctx: ServiceContext; input: { channel: Channel; phone: string; label: string } }) {
  const { ctx, input } = options;
  const locationId = ctx.location.id;
  return retryOnRace(async () => {
    const { snapshot } = await getSnapshot(locationId);
    const phone = requirePhone(input.phone, snapshot.defaultCountry);
    const taken = await db.instance.findFirst({ where: { locationId, channel: input.channel, phone }, select: { index: true } });
    if (taken) {
      throw new AppError("phone_taken", `${phone} is already instance #${taken.index} on ${input.channel} in this location.`, {
        status: 409,
        details: { field: "phone" },
      });
    }
    const top = await db.instance.aggregate({ where: { locationId, channel: input.channel }, _max: { index: true } });
    const index = (top._max.index ?? 0) + 1;
    const id = crypto.randomUUID();
    const [row] = await db.$transaction([
      db.instance.create({
        data: { id, locationId, channel: input.channel, index, label: input.label, phone, inboundToken: newInboundToken() },
        select: instanceSelect,
      }),
      auditOp(ctx, {
        action: "instance.created",
        entityType: "instance",
        entityId: id,
        after: { channel: input.channel, index, label: input.label, phone },
      }),
    ]);
    invalidateSnapshot(locationId);
    return instanceView(row);
  });
}
