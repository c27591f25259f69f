// Rule 6, any_available: which instances may rotate, and the three strategies. Deterministic
// given the stored rotation state; the new state is returned, never written, because the caller
// stores it only when the message is really sent (a dry run must not advance rotation).
import type { RotationExclusions } from "./trace";
import type { ChannelRotationState, EngineInstance, LocationSnapshot } from "./types";
import { NOT_WARMING, warmingLimitToday } from "./warming";

export type RotationResult =
  | { instance: EngineInstance; state: ChannelRotationState; eligible: number; warmingOnly: boolean }
  | { instance: null; excluded: RotationExclusions };

/**
 * `sorted`: the channel's instances by ascending index. Eligible: connected, with a number, at or
 * above the minimum health, not at a pacing cap, under today's warming limit. Warmed instances carry the volume;
 * warming ones are used only when no warmed one is eligible (a freshly connected sole number
 * still sends).
 */
export function rotate(
  sorted: readonly EngineInstance[],
  location: LocationSnapshot,
  state: ChannelRotationState | undefined,
  now: number,
): RotationResult {
  const warmed: EngineInstance[] = [];
  const warming: EngineInstance[] = [];
  const excluded: RotationExclusions = { notConnected: 0, noPhone: 0, lowHealth: 0, overLimit: 0, paced: 0 };
  const minHealth = location.minHealth;
  for (let k = 0; k < sorted.length; k++) {
    const instance = sorted[k];
    if (instance.status !== "connected") excluded.notConnected++;
    else if (instance.phone === null) excluded.noPhone++;
    else if (instance.healthScore < minHealth) excluded.lowHealth++;
    else if (instance.pacingCap) excluded.paced++;
    else {
      const limit = warmingLimitToday(instance, location, now);
      if (limit === NOT_WARMING) warmed.push(instance);
      else if (instance.sendsToday >= limit) excluded.overLimit++;
      else warming.push(instance);
    }
  }
  const pool = warmed.length > 0 ? warmed : warming;
  if (pool.length === 0) return { instance: null, excluded };
  const previousWeights = state?.currentWeights ?? {};
  let instance: EngineInstance;
  let currentWeights = previousWeights;
  switch (location.rotationStrategy) {
    case "round_robin":
      instance = nextAfter(pool, state?.lastIndex ?? null);
      break;
    case "least_used":
      instance = leastUsed(pool);
      break;
    case "health_weighted":
      [instance, currentWeights] = smoothWeighted(pool, previousWeights);
      break;
    default:
      instance = nextAfter(pool, state?.lastIndex ?? null); // an unknown strategy rotates fairly
  }
  return { instance, state: { lastIndex: instance.index, currentWeights }, eligible: pool.length, warmingOnly: warmed.length === 0 };
}

/** Round robin: the first eligible index after the last one used, wrapping to the lowest. */
function nextAfter(pool: readonly EngineInstance[], lastIndex: number | null): EngineInstance {
  if (lastIndex !== null) for (const instance of pool) if (instance.index > lastIndex) return instance;
  return pool[0];
}

/** Fewest sends today; ties go to the lowest index (the pool is in index order). */
function leastUsed(pool: readonly EngineInstance[]): EngineInstance {
  let best = pool[0];
  for (const instance of pool) if (instance.sendsToday < best.sendsToday) best = instance;
  return best;
}

/**
 * Smooth weighted round robin (nginx's): every pick adds each weight to its running value, takes
 * the largest (ties: lowest index) and subtracts the total from it. Over any run of total-weight
 * picks each instance is chosen exactly its weight's number of times, evenly spread — far inside
 * SPEC's "within 2 points over 10,000 picks". Weight = health score; if every eligible instance
 * has health 0 (possible with minimum health 0) they share equally. Running values of instances
 * no longer eligible are dropped, so the state stays small and a returning instance starts fresh.
 * Cost: two hashed lookups per eligible instance (~2 µs with 40 eligible numbers), the price of
 * the state being a plain JSON object keyed by instance id.
 */
function smoothWeighted(pool: readonly EngineInstance[], previous: Record<string, number>): [EngineInstance, Record<string, number>] {
  let total = 0;
  for (const instance of pool) total += Math.max(0, instance.healthScore);
  const next: Record<string, number> = {};
  let best = pool[0];
  let bestValue = -Infinity;
  for (const instance of pool) {
    const weight = total > 0 ? Math.max(0, instance.healthScore) : 1;
    const value = (previous[instance.id] ?? 0) + weight;
    next[instance.id] = value;
    if (value > bestValue) {
      best = instance;
      bestValue = value;
    }
  }
  next[best.id] -= total > 0 ? total : pool.length;
  return [best, next];
}
