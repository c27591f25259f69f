import "server-only";
// Dry run (POST /route, dryRun: true, the dashboard's dry-run panel): the decision the engine
// would take now, with nothing stored and the rotation state not advanced. It reads the same live
// state as a send (without the lock: a dry run claims nothing).
import type { ServiceContext } from "@/lib/audit/actor";
import { selectInstance } from "@/lib/engine/select";
import { presentDecision } from "@/lib/routing/present-decision";
import { resolveContact } from "@/lib/routing/resolve-contact";
import { type SendMessageInput, senderRef } from "@/lib/routing/send.schema";
import { applyLive, getCachedSnapshot, getLiveChannel } from "@/lib/routing/snapshot-cache";

export async function routeMessage(options: { ctx: ServiceContext; input: SendMessageInput; now?: number }) {
  const { ctx, input } = options;
  const locationId = ctx.location.id;
  const channel = input.channel;
  const now = options.now ?? Date.now();
  const contact = await resolveContact({ locationId, config: await getCachedSnapshot(locationId), input, create: false });
  const { entry, live } = await getLiveChannel(locationId, channel, contact.id ?? null, now);
  applyLive(entry, channel, live, contact.id ?? null, now);
  contact.engine.binding = contact.id ? (live.bindings.get(contact.id) ?? null) : null;
  const decision = selectInstance({
    channel,
    body: input.body,
    from: senderRef(input.from),
    contact: contact.engine,
    location: entry.snapshot,
    rotation: live.rotation ? { [channel]: live.rotation } : {},
    now,
  });
  return { decision, contactId: contact.id, response: presentDecision(decision, null, contact.id) };
}
