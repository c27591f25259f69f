// Pacing (SPEC §1, §6), decided in the send's transaction under the channel's lock, from counts
// read in that transaction — never from one process's memory. Pure functions over the live state.
//
// Model (docs: README "Pacing"):
// - Each message for an instance with a gateway is given a *slot*, the earliest time it may leave:
//   not before the instance's `nextSlotAt` (the previous slot + minimum interval + a random
//   jitter of 0…jitterSeconds), moved to the next UTC hour while that hour's slots are all given
//   (hourly limit), and to the next UTC day while the day's new contacts are all given (new
//   contacts per day, only for a contact this number never messaged). The outbox sends it then.
// - The counts are of slots given (HourCounter per instance and UTC hour; SendCounter.newContacts
//   per instance and UTC day): a message decided now for 15:00 counts in the 15:00 hour.
// - Rotation (rule 6) leaves out a number at a cap *now* (this hour's slots all given, or this
//   contact is new and today's new contacts all given); an explicit rule still takes it and the
//   message waits for its slot (the engine warns with the time).
// - A record-only instance (no gateway) cannot wait: its message is `sent` at once; its counts
//   still grow, so caps keep rotation away from it.
import type { PacingState } from "@/lib/db/send-store";
import { DAY_MS, HOUR_MS, utcDayKey, utcHourKey } from "@/lib/engine/time";
import type { PacingCap } from "@/lib/engine/types";
import type { Pacing } from "@/lib/gateways/gateway.schema";

const nextHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS + HOUR_MS;
const nextDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;

/** The cap a number is at right now for this contact, or null (what rotation and the engine see). */
export function pacingCapNow(state: PacingState, pacing: Pacing, isNewContact: boolean, now: number): PacingCap | null {
  if (pacing.hourlyLimit !== null && (state.hours[utcHourKey(now)] ?? 0) >= pacing.hourlyLimit) {
    return { cap: "hourly_limit", limit: pacing.hourlyLimit, until: reserve(state, pacing, isNewContact, now, true).slot };
  }
  if (isNewContact && pacing.newContactsPerDay !== null && (state.newContacts[utcDayKey(now)] ?? 0) >= pacing.newContactsPerDay) {
    return { cap: "new_contacts_limit", limit: pacing.newContactsPerDay, until: reserve(state, pacing, isNewContact, now, true).slot };
  }
  return null;
}

export type Reservation = {
  /** When the message may leave (epoch ms). */
  slot: number;
  hour: string;
  /** The UTC day the contact counts as new on, when it is new to this number. */
  newContactDay: string | null;
  /** The instance's next free slot after this one, when it has an interval to keep. */
  nextSlotAt: number | null;
};

/**
 * Gives the next slot and advances `state` (so the next send of the same batch sees it).
 * `waits`: the instance has a gateway, so its message can wait for the slot; a record-only one
 * takes `now` whatever the caps say. `random` in [0, 1) draws the jitter.
 */
export function reserveSlot(
  state: PacingState,
  pacing: Pacing,
  options: { isNewContact: boolean; now: number; waits: boolean; random: number },
): Reservation {
  const { slot } = reserve(state, pacing, options.isNewContact, options.now, options.waits);
  // A slot a cap moved to a later hour or day does not hold back the messages after it: they may
  // still go in this hour (a known contact's, say). The dispatcher keeps the interval between
  // the sends themselves (lib/delivery/dispatcher.ts takeSendSlot).
  const deferred = slot > Math.max(options.now, state.nextSlotAt ?? 0);
  const hour = utcHourKey(slot);
  state.hours[hour] = (state.hours[hour] ?? 0) + 1;
  const newContactDay = options.isNewContact ? utcDayKey(slot) : null;
  if (newContactDay) state.newContacts[newContactDay] = (state.newContacts[newContactDay] ?? 0) + 1;
  const interval = ((pacing.minIntervalSeconds ?? 0) + options.random * (pacing.jitterSeconds ?? 0)) * 1000;
  const nextSlotAt = options.waits && interval > 0 && !deferred ? Math.round(slot + interval) : null;
  if (nextSlotAt !== null) state.nextSlotAt = nextSlotAt;
  return { slot, hour, newContactDay, nextSlotAt };
}

/** The first time at or after the instance's next slot where both caps have room (read only). */
function reserve(state: PacingState, pacing: Pacing, isNewContact: boolean, now: number, waits: boolean): { slot: number } {
  if (!waits) return { slot: now };
  let slot = Math.max(now, state.nextSlotAt ?? 0);
  // Each step moves to a later hour or day; a year of full days is far more than any limit allows.
  for (let step = 0; step < 400 * 24; step++) {
    if (pacing.hourlyLimit !== null && (state.hours[utcHourKey(slot)] ?? 0) >= pacing.hourlyLimit) {
      slot = nextHour(slot);
      continue;
    }
    if (isNewContact && pacing.newContactsPerDay !== null && (state.newContacts[utcDayKey(slot)] ?? 0) >= pacing.newContactsPerDay) {
      slot = nextDay(slot);
      continue;
    }
    break;
  }
  return { slot };
}
