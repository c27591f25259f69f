import { CHANNEL_LABELS, RULE_LABELS } from "@/lib/domain";
import { CHANNEL_TOKENS, type Channel, type RuleName } from "@/lib/engine/types";

/** "WA#2", the way a number is named in override patterns. */
export function instanceTag(channel: string, index: number | string) {
  return `${CHANNEL_TOKENS[channel as Channel] ?? channel.toUpperCase()}#${index}`;
}

export function channelLabel(channel: string) {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}

/** "+1 555 000 0002" — readable grouping of an E.164 number without a phone library. */
export function displayPhone(e164: string | null | undefined) {
  if (!e164) return "—";
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 ${m[1]} ${m[2]} ${m[3]}` : e164;
}

export function ruleLabel(rule: string | null | undefined) {
  return rule ? (RULE_LABELS[rule as RuleName] ?? rule) : "—";
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
export function timeAgo(iso: string | Date, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86400), "day");
}

/** "Nov 23, 09:02" (UTC) — compact, for tables. */
export function shortDateTime(iso: string | Date) {
  return new Date(iso).toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  });
}

export function dateTime(iso: string | Date) {
  return `${new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
