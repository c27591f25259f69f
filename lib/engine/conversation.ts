// The optional `conversation` rule (SPEC §2, location setting stickySender): the instance the
// contact last exchanged messages with on this channel, within stickyDays. Explicit intent
// (rules 1–4) comes first; this memory comes before the default and rotation, so a contact is not
// moved between numbers. Busy is not gone: a bound number that cannot send *now* is skipped for
// this message and keeps the binding; one that will not come back by itself drops it.
import type { ChannelIndex } from "./snapshot-index";
import { DAY_MS } from "./time";
import { type Busy, constantSkip, type RuleResult } from "./trace";
import { CHANNELS, type Channel, DEFAULT_STICKY_DAYS, type EngineInstance, type LocationSnapshot, type SelectInput } from "./types";
import { NOT_WARMING, warmingInfo, warmingLimitToday } from "./warming";

export function evaluateConversation(input: SelectInput, index: ChannelIndex): RuleResult {
  const { channel, location, now } = input;
  const binding = input.contact.binding;
  if (!binding) return NO_BINDING[channel];
  const instance = index.byId(binding.instanceId);
  // Gone is checked first, whatever the binding's age: a binding to a number that is not coming back is dropped.
  if (instance === null) return { type: "skip", drop: true, step: { kind: "conversation_deleted", channel } };
  if (isGone(instance)) return { type: "skip", drop: true, step: { kind: "conversation_gone", instance } };
  const ageDays = Math.max(0, Math.floor((now - binding.at) / DAY_MS));
  const stickyDays = stickyDaysOf(location);
  if (!isLive(binding.at, location, now)) return { type: "skip", step: { kind: "conversation_expired", instance, ageDays, stickyDays } };
  const busy = busyReason(instance, location, now);
  if (busy !== null) return { type: "skip", step: { kind: "conversation_busy", instance, busy } };
  return { type: "match", instance, step: { kind: "conversation_matched", instance, ageDays } };
}

function stickyDaysOf(location: LocationSnapshot): number {
  return location.stickyDays ?? DEFAULT_STICKY_DAYS;
}

/** Within stickyDays of the last exchange (a binding dated in the future, clock skew, counts as live). */
export function isLive(at: number, location: LocationSnapshot, now: number): boolean {
  return at >= now - stickyDaysOf(location) * DAY_MS;
}

/**
 * Gone: the number will not send again without an admin — banned, logged out, or waiting for a
 * QR scan (where a logged-out number goes next, and where an admin's reset of a ban lands); a
 * deleted instance is gone too (it is not in the snapshot). Everything else that cannot send now
 * is busy.
 */
function isGone(instance: EngineInstance): boolean {
  if (instance.status === "qr_pending") return true;
  return instance.status === "disconnected" && (instance.statusReason === "banned" || instance.statusReason === "logged_out");
}

/**
 * Why a bound number that is still there cannot send this message now, or null if it can: not
 * connected (a transient drop, still connecting), at a pacing cap, under the minimum health, at
 * its warming daily limit — the limits rotation respects, since the contact did not ask for this
 * number explicitly.
 */
function busyReason(instance: EngineInstance, location: LocationSnapshot, now: number): Busy | null {
  if (instance.status !== "connected") return BUSY_STATUS;
  if (instance.pacingCap) return { why: "paced", cap: instance.pacingCap };
  if (instance.healthScore < location.minHealth) return { why: "low_health", health: instance.healthScore, minHealth: location.minHealth };
  const limit = warmingLimitToday(instance, location, now);
  if (limit !== NOT_WARMING && instance.sendsToday >= limit) {
    return { why: "warming_limit", day: warmingInfo(instance, location, now).day, limit, sends: instance.sendsToday };
  }
  return null;
}
const BUSY_STATUS: Busy = { why: "status" };
// Most contacts have no binding: the same read-only result every time, no allocation.
const NO_BINDING = Object.fromEntries(
  CHANNELS.map((channel) => [channel, constantSkip({ kind: "conversation_absent", channel })]),
) as Record<Channel, RuleResult>;
