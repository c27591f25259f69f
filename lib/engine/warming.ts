// Warming (SPEC §1): a fresh number sends little and ramps up, because messaging networks ban
// numbers that fire volume on their first days. Pure: `now` is an argument, never the clock.
import { DAY_MS } from "./time";
import type { EngineInstance, LocationSnapshot } from "./types";

export interface WarmingInfo {
  warming: boolean;
  /** Day of warming, 1-based (day 1 = the first 24 h after first connection). */
  day: number;
  /** Today's send limit while warming; null once warmed (or with an empty schedule). */
  dailyLimit: number | null;
  /** Epoch ms when warming ends; null when it has not started (never connected). */
  endsAt: number | null;
  warmingDays: number;
}

type WarmingInstance = Pick<EngineInstance, "firstConnectedAt" | "warmingDays">;
type WarmingLocation = Pick<LocationSnapshot, "warmingDays" | "warmingDailyLimits">;

export function warmingInfo(instance: WarmingInstance, location: WarmingLocation, now: number): WarmingInfo {
  const warmingDays = instance.warmingDays ?? location.warmingDays;
  if (warmingDays <= 0) return { warming: false, day: 0, dailyLimit: null, endsAt: instance.firstConnectedAt, warmingDays };
  if (instance.firstConnectedAt === null) {
    // Never connected yet: it will start warming on day 1, so it is treated as day 1 — the safe
    // side for anti-ban if a gateway reports "connected" before the first-connection time is set.
    return { warming: true, day: 1, dailyLimit: limitFor(1, location.warmingDailyLimits), endsAt: null, warmingDays };
  }
  const endsAt = instance.firstConnectedAt + warmingDays * DAY_MS;
  if (now >= endsAt) return { warming: false, day: warmingDays, dailyLimit: null, endsAt, warmingDays };
  // A clock skew between gateway and server can put first connection in the future: still day 1.
  const day = Math.max(1, Math.floor((now - instance.firstConnectedAt) / DAY_MS) + 1);
  return { warming: true, day, dailyLimit: limitFor(day, location.warmingDailyLimits), endsAt, warmingDays };
}

/** A schedule shorter than the warming period keeps its last limit for the remaining days. */
function limitFor(day: number, limits: readonly number[]): number | null {
  if (limits.length === 0) return null;
  return limits[Math.min(day, limits.length) - 1];
}

/**
 * The hot-path form of warmingInfo for rotation, without allocating: NOT_WARMING when warmed,
 * else today's limit (Infinity with an empty schedule). Same rules as warmingInfo.
 */
export const NOT_WARMING = -1;
export function warmingLimitToday(instance: WarmingInstance, location: WarmingLocation, now: number): number {
  const warmingDays = instance.warmingDays ?? location.warmingDays;
  if (warmingDays <= 0) return NOT_WARMING;
  const first = instance.firstConnectedAt;
  if (first !== null && now >= first + warmingDays * DAY_MS) return NOT_WARMING;
  const day = first === null ? 1 : Math.max(1, Math.floor((now - first) / DAY_MS) + 1);
  return limitFor(day, location.warmingDailyLimits) ?? Infinity;
}
