import { CHANNEL_SYNTAX, readNumberTag } from "@/lib/engine/syntax";
import { CHANNELS, type Channel } from "@/lib/engine/types";

export type NumberOption = { channel: string; index: number; label: string; phone: string };

/** "wa:, im:, sms:" — the prefixes that make a tag a number tag, for hints. */
export const TAG_PREFIXES = CHANNELS.map((c) => `${CHANNEL_SYNTAX[c].tagPrefix}:`).join(", ");

/** "wa: +1 555 …": the number tag that routes to this option's instance. */
export function numberTagOf(option: NumberOption): string {
  return `${CHANNEL_SYNTAX[option.channel as Channel].tagPrefix}: ${option.phone}`;
}

/** Client-side check of a tag with the engine's own tag reader: the editor shows what routing does. */
export function checkTag(tag: string, numbers: NumberOption[], country = "US") {
  const meaning = readNumberTag(tag, country);
  if (!meaning) return { kind: "plain" as const };
  const { channel, phone } = meaning;
  if (!phone) return { kind: "invalid" as const, channel };
  return { kind: "number" as const, channel, phone, instance: numbers.find((n) => n.channel === channel && n.phone === phone) ?? null };
}
