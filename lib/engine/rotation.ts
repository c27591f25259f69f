// Rule 6, any_available: which instances may rotate, geomatch, and the three strategies.
// Deterministic given the stored rotation state; the new state is returned, never written, because
// the caller stores it only when the message is really sent (a dry run must not advance rotation).
import type { PhoneGeo } from "./phone";
import type { ChannelIndex } from "./snapshot-index";
import { NO_AREA } from "./snapshot-index";
import type { GeoChoice, RotationExclusions } from "./trace";
import type { ChannelRotationState, EngineInstance, LocationSnapshot, RunningWeights } from "./types";
import { NOT_WARMING, warmingLimitToday } from "./warming";

export type RotationResult =
  | { instance: EngineInstance; state: ChannelRotationState; eligible: number; warmingOnly: boolean; geo: GeoChoice | null }
  | { instance: null; excluded: RotationExclusions };

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
  const warmed: EngineInstance[] = [];
  const warming: EngineInstance[] = [];
  let notConnected = 0;
  let noPhone = 0;
  let lowHealth = 0;
  let overLimit = 0;
  let paced = 0;
  const minHealth = location.minHealth;
  const mode = location.geomatch ?? "off";
  // Geomatch sorts out the instances with the contact's area code (mode area_code) in the same
  // pass, warmed and warming apart, each list made at its first; area codes compare as numbers
  // (two string objects compare by content, a call each time). Its country, only when needed, after.
  const geoOn = mode !== "off" && contactGeo !== null;
  const areas = geoOn ? index.areaCodes() : NO_AREAS;
  const wantedArea = geoOn && mode === "area_code" && contactGeo.areaCode !== null ? Number(contactGeo.areaCode) : NO_AREA;
  let areaWarmed: EngineInstance[] | null = null;
  let areaWarming: EngineInstance[] | null = null;
  for (let k = 0; k < sorted.length; k++) {
    const instance = sorted[k];
    if (instance.status !== "connected") notConnected++;
    else if (instance.phone === null) noPhone++;
    else if (instance.healthScore < minHealth) lowHealth++;
    else if (instance.pacingCap) paced++;
    else {
      const limit = warmingLimitToday(instance, location, now);
      if (limit === NOT_WARMING) {
        warmed.push(instance);
        if (wantedArea !== NO_AREA && areas[k] === wantedArea) (areaWarmed ??= []).push(instance);
      } else if (instance.sendsToday >= limit) overLimit++;
      else {
        warming.push(instance);
        if (wantedArea !== NO_AREA && areas[k] === wantedArea) (areaWarming ??= []).push(instance);
      }
    }
  }
  const warmingOnly = warmed.length === 0;
  const pool = warmingOnly ? warming : warmed;
  if (pool.length === 0) return { instance: null, excluded: { notConnected, noPhone, lowHealth, overLimit, paced } };
  let candidates: EngineInstance[] = pool;
  let geoChoice: GeoChoice | null = null;
  if (geoOn) {
    const area = contactGeo.areaCode;
    const country = contactGeo.country;
    const byArea = warmingOnly ? areaWarming : areaWarmed;
    const byCountry = byArea !== null || country === null ? null : inCountry(pool, index, country);
    if (byArea !== null) {
      geoChoice = { mode, tier: "area_code", count: byArea.length, area, country };
      candidates = byArea;
    } else if (byCountry !== null) {
      geoChoice = { mode, tier: "country", count: byCountry.length, area, country };
      candidates = byCountry;
    } else geoChoice = { mode, tier: "all", count: pool.length, area, country };
  }
  let instance: EngineInstance;
  let next: ChannelRotationState;
  switch (location.rotationStrategy) {
    case "health_weighted": {
      const weights = smoothWeighted(pool, candidates, index.idsOf(pool), state);
      instance = pool[weights.best];
      next = { lastIndex: instance.index, currentWeights: {}, weights: weights.running };
      break;
    }
    case "least_used":
      instance = leastUsed(candidates);
      next = carried(instance, state);
      break;
    default: // round_robin; an unknown strategy rotates fairly too
      instance = nextAfter(candidates, state?.lastIndex ?? null);
      next = carried(instance, state);
  }
  return { instance, state: next, eligible: pool.length, warmingOnly, geo: geoChoice };
}

const NO_AREAS = new Int32Array(0);

/**
 * The pool's instances in `country` (pool order): the pool itself when all are (one country's
 * numbers, the usual case), null when none is. The pool is a subsequence of the channel's
 * instances, so one walk pairs each with its row of `index.geo()`.
 */
function inCountry(pool: EngineInstance[], index: ChannelIndex, country: string): EngineInstance[] | null {
  const sorted = index.sorted;
  const table = index.geo();
  let found: EngineInstance[] | null = null; // made at the first instance elsewhere
  let k = 0;
  for (let j = 0; j < pool.length; j++) {
    while (sorted[k] !== pool[j]) k++;
    if (table[k].country === country) found?.push(pool[j]);
    else found ??= pool.slice(0, j);
  }
  if (found === null) return pool;
  return found.length > 0 ? found : null;
}

/** The state after a round robin or least-used pick: health_weighted's running values carried as they were. */
function carried(instance: EngineInstance, state: ChannelRotationState | undefined): ChannelRotationState {
  const next: ChannelRotationState = { lastIndex: instance.index, currentWeights: state?.currentWeights ?? {} };
  if (state?.weights !== undefined) next.weights = state.weights;
  return next;
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
 * health 0 (possible with minimum health 0) they share equally. Running values are kept for the
 * pool only: an instance no longer eligible loses its value, and a returning one starts fresh.
 * With geomatch the pick is among `candidates` (a subsequence of `pool`, in index order): only
 * they take part in this round; the rest of the pool keep their running values unchanged.
 * Returns the position of the pick in `pool` and the new running values (`ids`: the pool's).
 */
function smoothWeighted(
  pool: readonly EngineInstance[],
  candidates: readonly EngineInstance[],
  ids: readonly string[],
  state: ChannelRotationState | undefined,
): { best: number; running: RunningWeights } {
  const previous = previousValues(ids, state);
  let total = 0;
  for (const instance of candidates) total += Math.max(0, instance.healthScore);
  const values = new Array<number>(pool.length);
  let best = -1;
  let bestValue = -Infinity;
  let c = 0; // the next candidate, walked alongside the pool
  for (let k = 0; k < pool.length; k++) {
    const instance = pool[k];
    const before = previous === null ? 0 : previous[k];
    if (candidates[c] !== instance) {
      values[k] = before;
      continue;
    }
    c++;
    const value = before + (total > 0 ? Math.max(0, instance.healthScore) : 1);
    values[k] = value;
    if (value > bestValue) {
      best = k;
      bestValue = value;
    }
  }
  values[best] -= total > 0 ? total : candidates.length;
  return { best, running: { ids, values } };
}

/**
 * The previous running values aligned with `ids`, or null when there are none. The common cases
 * are cheap: the previous state shares this very `ids` array (routed in this process), or holds
 * the same ids in the same order (read back from the database). Otherwise each is looked up by id,
 * in the new two-array form or the older object form.
 */
function previousValues(ids: readonly string[], state: ChannelRotationState | undefined): readonly number[] | null {
  if (state === undefined) return null;
  const weights = state.weights;
  if (weights !== undefined && weights.ids.length === weights.values.length) {
    if (weights.ids === ids || sameIds(weights.ids, ids)) return weights.values;
    const byId = new Map<string, number>();
    for (let k = 0; k < weights.ids.length; k++) byId.set(weights.ids[k], weights.values[k]);
    return ids.map((id) => byId.get(id) ?? 0);
  }
  const legacy = state.currentWeights;
  if (legacy === undefined || legacy === null) return null;
  return ids.map((id) => legacy[id] ?? 0);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
