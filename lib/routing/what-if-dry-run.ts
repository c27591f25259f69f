import "server-only";
import { db } from "@/lib/db/client";
import { selectInstance } from "@/lib/engine/select";
import type { Channel, EngineContact, LocationSnapshot } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { decisionView } from "@/lib/routing/decision-view";
import { loadEngineContact, loadEngineSnapshot } from "@/lib/routing/load-engine-input";

export type WhatIf = { down: string[]; defaultId: string | null };
export type DryRunRequest = {
  locationId: string;
  channel: Channel;
  body: string;
  contactId?: string | null;
  adHoc?: { tags: string[]; assignedUserId: string | null } | null;
  whatIf?: WhatIf;
};

/**
 * A dry run for the dashboard: the same engine as the API, on today's snapshot, optionally with
 * a what-if applied to an in-memory copy (instances pretended disconnected, another default).
 * Nothing is stored and the rotation does not advance.
 */
export async function whatIfDryRun(request: DryRunRequest, now = Date.now()) {
  const { location, rotation } = await loadEngineSnapshot(request.locationId, now);
  const contact = await resolveContact(request);
  const run = (snapshot: LocationSnapshot) =>
    decisionView(selectInstance({ channel: request.channel, body: request.body, from: null, contact, location: snapshot, rotation, now }));
  const actual = run(location);
  const whatIf =
    request.whatIf && (request.whatIf.down.length || request.whatIf.defaultId)
      ? run(applyWhatIf(location, request.channel, request.whatIf))
      : null;
  return { actual, whatIf, instances: location.instances.filter((i) => i.channel === request.channel) };
}

/** A new snapshot object (the engine caches indexes per snapshot), never a mutation of the loaded one. */
function applyWhatIf(location: LocationSnapshot, channel: Channel, whatIf: WhatIf): LocationSnapshot {
  const down = new Set(whatIf.down);
  return {
    ...location,
    instances: location.instances.map((i) => ({
      ...i,
      ...(down.has(i.id) ? { status: "disconnected" as const, statusReason: "transient" as const } : {}),
      ...(whatIf.defaultId && i.channel === channel ? { isDefault: i.id === whatIf.defaultId } : {}),
    })),
  };
}

async function resolveContact(request: DryRunRequest): Promise<EngineContact> {
  if (request.contactId) {
    const contact = await loadEngineContact(request.locationId, request.contactId, request.channel);
    if (!contact) throw new AppError("not_found", "Contact not found.", { details: { field: "contactId" } });
    return contact;
  }
  const assignedUserId = request.adHoc?.assignedUserId ?? null;
  const user = assignedUserId
    ? await db.membership.findFirst({
        where: { locationId: request.locationId, userId: assignedUserId, active: true },
        select: { user: { select: { name: true } } },
      })
    : null;
  return { tags: request.adHoc?.tags ?? [], assignedUserId: user ? assignedUserId : null, assignedUserName: user?.user.name ?? null };
}
