// Rule 6, any_available: which instances may rotate, geomatch, and the three strategies.
// Deterministic given the stored rotation state; the new state is returned, never written, because
// the caller stores it only when the message is really sent (a dry run must not advance rotation).
import type { PhoneGeo } from "./phone";
import type { ChannelIndex } from "./snapshot-index";
import type { GeoChoice, RotationExclusions } from "./trace";
import type { ChannelRotationState, EngineInstance, GeomatchMode, LocationSnapshot } from "./types";
import { NOT_WARMING, warmingLimitToday } from "./warming";

export type RotationResult =
  | { instance: EngineInstance; state: ChannelRotationState; eligible: number; warmingOnly: boolean; geo: GeoChoice | null }
  | { instance: null; excluded: RotationExclusions };

// Scratch arrays reused by every call (the engine is synchronous and never keeps them), so a
// decision allocates no per-instance arrays on this hot path.
const warmed: EngineInstance[] = [];
const warming: EngineInstance[] = [];
const preferred: EngineInstance[] = [];

/**
 * Eligible: connected, with a number, at or above the minimum health, not at a pacing cap, under
 * today's warming limit. Warmed instances carry the volume; warming ones are used only when no
 * warmed one is eligible (a freshly connected sole number still sends). With geomatch, the
 * strategy then picks among the pool's instances local to the contact (`contactGeo`), if any.
 */
export function rotate(
  index: ChannelIndex,
  location: LocationSnapshot,
  state: ChannelRotationState | undefined,
  now: number,
  contactGeo: PhoneGeo | null,
): RotationResult {
  const sorted = index.sorted;
  warmed.length = 0;
  warming.length = 0;
  let notConnected = 0;
  let noPhone = 0;
  let lowHealth = 0;
  let overLimit = 0;
  let paced = 0;
  const minHealth = location.minHealth;
  for (let k = 0; k < sorted.length; k++) {
    const instance = sorted[k];
    if (instance.status !== "connected") notConnected++;
    else if (instance.phone === null) noPhone++;
    else if (instance.healthScore < minHealth) lowHealth++;
    else if (instance.pacingCap) paced++;
    else {
      const limit = warmingLimitToday(instance, location, now);
      if (limit === NOT_WARMING) warmed.push(instance);
      else if (instance.sendsToday >= limit) overLimit++;
      else warming.push(instance);
    }
  }
  const pool = warmed.length > 0 ? warmed : warming;
  if (pool.length === 0) return { instance: null, excluded: { notConnected, noPhone, lowHealth, overLimit, paced } };
  const mode = location.geomatch ?? "off";
  let candidates: EngineInstance[] = pool;
  let geo: GeoChoice | null = null;
  if (mode !== "off" && contactGeo !== null) {
    geo = preferLocal(index, pool, mode, contactGeo);
    if (geo.tier !== "all") candidates = preferred;
  }
  let instance: EngineInstance;
  let currentWeights = state?.currentWeights ?? NO_WEIGHTS;
  switch (location.rotationStrategy) {
    case "least_used":
      instance = leastUsed(candidates);
      break;
    case "health_weighted":
      [instance, currentWeights] = smoothWeighted(pool, candidates, currentWeights);
      break;
    default: // round_robin; an unknown strategy rotates fairly too
      instance = nextAfter(candidates, state?.lastIndex ?? null);
  }
  const result = {
    instance,
    state: { lastIndex: instance.index, currentWeights },
    eligible: pool.length,
    warmingOnly: warmed.length === 0,
    geo,
  };
  warmed.length = 0;
  warming.length = 0;
  preferred.length = 0;
  return result;
}
const NO_WEIGHTS: Record<string, number> = {};

/**
 * Geomatch (SPEC §2): fills `preferred` with the pool's instances that share the contact's area
 * code (mode area_code, NANP numbers), else its country, and says which set it is; "all" when none
 * does or the contact's number says neither (the whole pool is used).
 */
function preferLocal(
  index: ChannelIndex,
  pool: readonly EngineInstance[],
  mode: Exclude<GeomatchMode, "off">,
  contact: PhoneGeo,
): GeoChoice {
  const { areaCode: area, country } = contact;
  preferred.length = 0;
  if (mode === "area_code" && area !== null) {
    for (const instance of pool) if (index.geoOf(instance).areaCode === area) preferred.push(instance);
    if (preferred.length > 0) return { mode, tier: "area_code", count: preferred.length, area, country };
  }
  if (country !== null) {
    for (const instance of pool) if (index.geoOf(instance).country === country) preferred.push(instance);
    if (preferred.length > 0) return { mode, tier: "country", count: preferred.length, area, country };
  }
  return { mode, tier: "all", count: pool.length, area, country };
}

/** Round robin: the first candidate index after the last one used, wrapping to the lowest. */
function nextAfter(candidates: readonly EngineInstance[], lastIndex: number | null): EngineInstance {
  if (lastIndex !== null) for (const instance of candidates) if (instance.index > lastIndex) return instance;
  return candidates[0];
}

/** Fewest sends today; ties go to the lowest index (candidates are in index order). */
function leastUsed(candidates: readonly EngineInstance[]): EngineInstance {
  let best = candidates[0];
  for (const instance of candidates) if (instance.sendsToday < best.sendsToday) best = instance;
  return best;
}

/**
 * Smooth weighted round robin (nginx's): every pick adds each weight to its running value, takes
 * the largest (ties: lowest index) and subtracts the total from it. Over any run of total-weight
 * picks each instance is chosen exactly its weight's number of times, evenly spread — far inside
 * SPEC's "within 2 points over 10,000 picks". Weight = health score; if every candidate has
 * health 0 (possible with minimum health 0) they share equally. Running values of instances no
 * longer eligible are dropped, so the state stays small and a returning instance starts fresh.
 * With geomatch the pick is among `candidates` (a subsequence of `pool`, in index order): only
 * they take part in this round; the rest of the pool keep their running values unchanged.
 */
function smoothWeighted(
  pool: readonly EngineInstance[],
  candidates: readonly EngineInstance[],
  previous: Record<string, number>,
): [EngineInstance, Record<string, number>] {
  let total = 0;
  for (const instance of candidates) total += Math.max(0, instance.healthScore);
  const next: Record<string, number> = {};
  let best = candidates[0];
  let bestValue = -Infinity;
  let c = 0; // the next candidate, walked alongside the pool
  for (const instance of pool) {
    const before = previous[instance.id] ?? 0;
    if (candidates[c] !== instance) {
      next[instance.id] = before;
      continue;
    }
    c++;
    const value = before + (total > 0 ? Math.max(0, instance.healthScore) : 1);
    next[instance.id] = value;
    if (value > bestValue) {
      best = instance;
      bestValue = value;
    }
  }
  next[best.id] -= total > 0 ? total : candidates.length;
  return [best, next];
}
