// A phone number typed at a boundary (API body, dashboard form), read with the location's default
// country: shared by contacts and routing, so neither folder imports the other for it.
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
