import "server-only";
// Dry run (POST /route, dryRun: true, the dashboard's dry-run panel): the decision the engine
// would take now, with nothing stored and the rotation state not advanced.
import type { ServiceContext } from "@/lib/audit/actor";
import { selectInstance } from "@/lib/engine/select";
import { presentDecision } from "@/lib/routing/present-decision";
import { resolveContact } from "@/lib/routing/resolve-contact";
import { senderRef, type SendMessageInput } from "@/lib/routing/send.schema";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

export async function routeMessage(options: { ctx: ServiceContext; input: SendMessageInput; now?: number }) {
  const { ctx, input } = options;
  const now = options.now ?? Date.now();
  const entry = await getSnapshot(ctx.location.id, now);
  const contact = await resolveContact({
    locationId: ctx.location.id, defaultCountry: entry.snapshot.defaultCountry, contactId: input.contactId, phone: input.phone,
    create: false, userNames: entry.userNames,
  });
  const decision = selectInstance({
    channel: input.channel, body: input.body, from: senderRef(input.from), contact: contact.engine,
    location: entry.snapshot, rotation: entry.rotation, now,
  });
  return { decision, contactId: contact.id, response: presentDecision(decision, null, contact.id) };
}
