// Health score (SPEC §1), 0–100, shown in the UI. Rotation (rule 6) leaves out any instance under
// the location's minimum health (default 40); explicit rules still use it, with a warning.
//
// Formula — start at 100, then per event:
//   delivered               +2   slow recovery: one failure takes five good deliveries to undo,
//                                so a flaky number stays out of rotation until it proves itself
//   delivery_failed        −10   the strongest ban signal: 7 failures in a row take a number
//                                from 100 to 30, under the default minimum of 40
//   disconnected_transient  −5   a network drop is mostly harmless but frequent ones hurt
//   disconnected_logged_out −15  the network ended the session: often a prelude to a ban
//   banned                → 0    out of rotation for good
//   admin_reset           → 50   an admin re-activated a banned number: back, but on probation
//                                (under 100 so rotation prefers proven numbers)
// then clamp to 0–100 and round to an integer.
// An instance out of rotation recovers through explicit sends (override, tag, assignment,
// default) whose deliveries still count.
import type { InstanceStatus, StatusReason } from "./types";

export type HealthEvent = "delivered" | "delivery_failed" | "disconnected_transient" | "disconnected_logged_out" | "banned" | "admin_reset";

export const HEALTH_DELTAS = {
  delivered: 2,
  delivery_failed: -10,
  disconnected_transient: -5,
  disconnected_logged_out: -15,
} as const;

export function applyHealthEvent(score: number, event: HealthEvent): number {
  switch (event) {
    case "banned":
      return 0;
    case "admin_reset":
      return 50;
    default:
      return clamp(Math.round(score + HEALTH_DELTAS[event]));
  }
}

/** The health event of a status change, if it has one (connecting or connected have none). */
export function healthEventForStatus(to: InstanceStatus, reason: StatusReason | null): HealthEvent | null {
  if (to !== "disconnected") return null;
  if (reason === "banned") return "banned";
  if (reason === "logged_out") return "disconnected_logged_out";
  return "disconnected_transient";
}

function clamp(score: number): number {
  if (Number.isNaN(score)) return 0;
  return Math.min(100, Math.max(0, score));
}
