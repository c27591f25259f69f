import { normalizePhone } from "@/lib/engine/phone";
import { NUMBER_TAG } from "./contacts.schema";

export type NumberOption = { channel: string; index: number; label: string; phone: string };
const CHANNEL_OF: Record<string, string> = { wa: "whatsapp", im: "imessage", sms: "sms" };
export const PREFIX_OF: Record<string, string> = { whatsapp: "wa", imessage: "im", sms: "sms" };

/** Client-side check of a tag, with the engine's own phone normaliser. */
export function checkTag(tag: string, numbers: NumberOption[], country = "US") {
  const m = NUMBER_TAG.exec(tag);
  if (!m) return { kind: "plain" as const };
  const channel = CHANNEL_OF[m[1].toLowerCase()];
  const phone = normalizePhone(m[2], country);
  if (!phone) return { kind: "invalid" as const, channel };
  return { kind: "number" as const, channel, phone, instance: numbers.find((n) => n.channel === channel && n.phone === phone) ?? null };
}
