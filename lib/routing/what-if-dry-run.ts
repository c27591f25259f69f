import "server-only";
import { db } from "@/lib/db/client";
import { selectInstance } from "@/lib/engine/select";
import type { Channel, EngineContact, FailoverPolicy, LocationSnapshot, RotationStrategy } from "@/lib/engine/types";
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
      ? run(applyWhatIf(location, dryRunChange(request.channel, request.whatIf)))
      : null;
  return { actual, whatIf, instances: location.instances.filter((i) => i.channel === request.channel) };
}

/** The dashboard's what-if (one channel: numbers pretended down, another default) as a change. */
function dryRunChange(channel: Channel, whatIf: WhatIf): SnapshotChange {
  return { disconnected: whatIf.down, defaults: whatIf.defaultId ? { [channel]: whatIf.defaultId } : {} };
}

/**
 * A configuration change to try on a snapshot (the dry-run panel's what-if, POST /route/impact):
 * `disconnected` instances pretended disconnected (transient, as a drop that may recover);
 * `defaults` moves a channel's default to another instance, or clears it (null); the location's
 * policies replaced when given.
 */
export type SnapshotChange = {
  disconnected?: readonly string[];
  defaults?: Partial<Record<Channel, string | null>>;
  rotationStrategy?: RotationStrategy;
  stickySender?: boolean;
  failover?: FailoverPolicy;
};

/**
 * A new snapshot object with the change applied (the engine caches indexes per snapshot), never a
 * mutation of the loaded one: every instance is a copy, so the live fields the snapshot cache lays
 * over the cached instances later do not reach it either.
 */
export function applyWhatIf(location: LocationSnapshot, change: SnapshotChange): LocationSnapshot {
  const down = new Set(change.disconnected ?? []);
  const defaults = change.defaults ?? {};
  return {
    ...location,
    ...(change.rotationStrategy !== undefined ? { rotationStrategy: change.rotationStrategy } : {}),
    ...(change.stickySender !== undefined ? { stickySender: change.stickySender } : {}),
    ...(change.failover !== undefined ? { failover: change.failover } : {}),
    instances: location.instances.map((i) => {
      const newDefault = defaults[i.channel];
      return {
        ...i,
        ...(down.has(i.id) ? { status: "disconnected" as const, statusReason: "transient" as const } : {}),
        ...(newDefault !== undefined ? { isDefault: i.id === newDefault } : {}),
      };
    }),
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
