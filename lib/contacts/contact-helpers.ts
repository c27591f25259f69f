import "server-only";
import { tagRows } from "@/lib/contacts/tag-rows";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** The user must be an active member of this location; anything else looks like "no such user". */
export async function requireMemberUser(locationId: string, userId: string): Promise<void> {
  const member = await db.membership.findFirst({ where: { locationId, userId, active: true }, select: { id: true } });
  if (!member) throw new AppError("not_found", `User ${userId} not found in this location.`, { details: { field: "assignedUserId" } });
}

/** ContactTag rows in tag order, number tags parsed for the Doctor. */
export function contactTagData(locationId: string, tags: string[], defaultCountry: string) {
  return tagRows(tags, defaultCountry).map((t) => ({ ...t, locationId }));
}
