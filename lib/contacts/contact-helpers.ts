import "server-only";
import { tagRows } from "@/lib/contacts/tag-rows";
import { db } from "@/lib/db/client";
import { normalizePhone } from "@/lib/engine/phone";
import { AppError } from "@/lib/errors";

/** E.164 for a typed phone number, or a 400 naming the field. */
export function requirePhone(raw: string, defaultCountry: string, field = "phone"): string {
  const phone = normalizePhone(raw, defaultCountry);
  if (phone === null) {
    const message = `"${raw}" is not a possible phone number (country ${defaultCountry}).`;
    // `field` lets the dashboard's forms show the message beside the input (withFieldErrors).
    throw new AppError("invalid_request", message, { status: 400, details: { issues: [{ path: field, message }], field } });
  }
  return phone;
}

/** The user must be an active member of this location; anything else looks like "no such user". */
export async function requireMemberUser(locationId: string, userId: string): Promise<void> {
  const member = await db.membership.findFirst({ where: { locationId, userId, active: true }, select: { id: true } });
  if (!member) throw new AppError("not_found", `User ${userId} not found in this location.`, { details: { field: "assignedUserId" } });
}

/** ContactTag rows in tag order, number tags parsed for the Doctor. */
export function contactTagData(locationId: string, tags: string[], defaultCountry: string) {
  return tagRows(tags, defaultCountry).map((t) => ({ ...t, locationId }));
}
