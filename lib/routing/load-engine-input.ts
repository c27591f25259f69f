import "server-only";
import { db } from "@/lib/db/client";
import type { Channel, EngineContact, LocationSnapshot, RotationState } from "@/lib/engine/types";
import { getLiveSnapshot } from "@/lib/routing/snapshot-cache";

/**
 * The location snapshot + rotation state the engine decides with: the routing service's cached
 * configuration with the live state read now (lib/routing/snapshot-cache), as the send API uses.
 * Callers that want a what-if must copy it (applyWhatIf) — never mutate the cached object.
 */
export async function loadEngineSnapshot(
  locationId: string,
  now = Date.now(),
): Promise<{ location: LocationSnapshot; rotation: RotationState }> {
  const { entry, rotation } = await getLiveSnapshot(locationId, now);
  return { location: entry.snapshot, rotation };
}

/**
 * A stored contact as the engine sees it (tags in order, assignment with the user's name, and its
 * conversation binding on `channel` for the conversation rule).
 */
export async function loadEngineContact(locationId: string, contactId: string, channel: Channel): Promise<EngineContact | null> {
  const contact = await db.contact.findFirst({
    where: { id: contactId, locationId },
    select: {
      id: true,
      phone: true,
      assignedUserId: true,
      assignedUser: { select: { name: true } },
      tags: { orderBy: { position: "asc" }, select: { value: true } },
      bindings: { where: { channel }, select: { instanceId: true, at: true } },
    },
  });
  if (!contact) return null;
  return {
    id: contact.id,
    phone: contact.phone,
    tags: contact.tags.map((t) => t.value),
    assignedUserId: contact.assignedUserId,
    assignedUserName: contact.assignedUser?.name ?? null,
    binding: contact.bindings[0] ? { instanceId: contact.bindings[0].instanceId, at: contact.bindings[0].at.getTime() } : null,
  };
}
