// Rule 6, any_available: which instances may rotate, geomatch, and the three strategies.
// Deterministic given the stored rotation state; the new state is returned, never written, because
// the caller stores it only when the message is really sent (a dry run must not advance rotation).
import type { PhoneGeo } from "./phone";
import type { ChannelIndex, WeightPool } from "./snapshot-index";
import { countryCode, NO_CODE } from "./snapshot-index";
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
 *
 * One walk of the channel's instances (in index order) marks each as warmed, warming or not
 * eligible (counting why); with geomatch a second walk, of the marks, tells which of the pool have
 * the contact's area code or country. The strategy then walks the marks of its candidates. No
 * list or object is made per instance: the marks are one reused byte array.
 */
export function rotate(
  index: ChannelIndex,
  location: LocationSnapshot,
  state: ChannelRotationState | undefined,
  now: number,
  contactGeo: PhoneGeo | null,
): RotationResult {
  const sorted = index.sorted;
  const n = sorted.length;
  if (marks.length < n) marks = new Uint8Array(2 * n);
  let notConnected = 0;
  let noPhone = 0;
  let lowHealth = 0;
  let overLimit = 0;
  let paced = 0;
  let warmed = 0;
  let warming = 0;
  let warmedHealth = 0; // the weights health_weighted would share out
  let warmingHealth = 0;
  const minHealth = location.minHealth;
  for (let k = 0; k < n; k++) {
    const instance = sorted[k];
    let mark = 0;
    if (instance.status !== "connected") notConnected++;
    else if (instance.phone === null) noPhone++;
    else if (instance.healthScore < minHealth) lowHealth++;
    else if (instance.pacingCap) paced++;
    else {
      const limit = warmingLimitToday(instance, location, now);
      if (limit === NOT_WARMING) {
        mark = WARMED;
        warmed++;
        warmedHealth += Math.max(0, instance.healthScore);
      } else if (instance.sendsToday < limit) {
        mark = WARMING;
        warming++;
        warmingHealth += Math.max(0, instance.healthScore);
      } else overLimit++;
    }
    marks[k] = mark;
  }
  const warmingOnly = warmed === 0;
  const kind = warmingOnly ? WARMING : WARMED;
  const eligible = warmingOnly ? warming : warmed;
  if (eligible === 0) return { instance: null, excluded: { notConnected, noPhone, lowHealth, overLimit, paced } };

  // The candidates: the pool's instances, and with geomatch only those of the chosen tier (isCandidate).
  let wanted = kind;
  let geoChoice: GeoChoice | null = null;
  const mode = location.geomatch ?? "off";
  if (mode !== "off" && contactGeo !== null) {
    const area = contactGeo.areaCode;
    const country = contactGeo.country;
    // Area codes and countries compare as numbers (two string objects compare by content, a call each time).
    const wantedArea = mode === "area_code" && area !== null ? Number(area) : NO_CODE;
    // The contact's area code first; its country only when no candidate has the area code.
    const inArea = wantedArea === NO_CODE ? 0 : markLocal(n, kind, IN_AREA, index.areaCodes(), wantedArea);
    const inCountry = inArea > 0 || country === null ? 0 : markLocal(n, kind, IN_COUNTRY, index.countryCodes(), countryCode(country));
    if (inArea > 0) {
      geoChoice = { mode, tier: "area_code", count: inArea, area, country };
      wanted |= IN_AREA;
    } else if (inCountry > 0) {
      geoChoice = { mode, tier: "country", count: inCountry, area, country };
      wanted |= IN_COUNTRY;
    } else geoChoice = { mode, tier: "all", count: eligible, area, country };
  }
  let chosen: number;
  let next: ChannelRotationState;
  switch (location.rotationStrategy) {
    case "health_weighted": {
      const candidates = geoChoice === null ? eligible : geoChoice.count;
      const total = wanted === kind ? (warmingOnly ? warmingHealth : warmedHealth) : healthOf(sorted, wanted);
      const weights = smoothWeighted(index, wanted, total, candidates, state);
      chosen = weights.best;
      next = { lastIndex: sorted[chosen].index, currentWeights: {}, weights: weights.running };
      break;
    }
    case "least_used":
      chosen = leastUsed(sorted, wanted);
      next = carried(sorted[chosen], state);
      break;
    default: // round_robin; an unknown strategy rotates fairly too
      chosen = roundRobin(sorted, wanted, state?.lastIndex ?? Number.NEGATIVE_INFINITY);
      next = carried(sorted[chosen], state);
  }
  return { instance: sorted[chosen], state: next, eligible, warmingOnly, geo: geoChoice };
}

// A mark per instance, by position in the channel's sorted list: its kind (0: not eligible) and,
// with geomatch, whether it has the contact's area code or country. Reused by every decision — the
// engine is synchronous, so one rotation at a time writes it — and grown when a channel is larger.
// `wanted` (the candidates' mark) is the pool's kind, plus the bit of the geomatch tier chosen.
const WARMED = 1;
const WARMING = 2;
const KIND = WARMED | WARMING;
const IN_AREA = 4;
const IN_COUNTRY = 8;
let marks = new Uint8Array(64);

/** Is the instance at `k` a candidate: of the pool's kind and, with a geomatch tier, in it? */
function isCandidate(k: number, wanted: number): boolean {
  return (marks[k] & (wanted | KIND)) === wanted;
}

/** Marks `bit` on the pool's instances (marked `kind`) whose code in `codes` is `wanted`; how many. */
function markLocal(n: number, kind: number, bit: number, codes: Int32Array, wanted: number): number {
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (marks[k] === kind && codes[k] === wanted) {
      marks[k] |= bit;
      count++;
    }
  }
  return count;
}

/** Round robin: the first candidate past the last index used, else the first (wrapping). */
function roundRobin(sorted: readonly EngineInstance[], wanted: number, lastIndex: number): number {
  let first = -1;
  for (let k = 0; k < sorted.length; k++) {
    if (!isCandidate(k, wanted)) continue;
    if (sorted[k].index > lastIndex) return k;
    if (first < 0) first = k;
  }
  return first;
}

/** Least used: the candidate with the fewest sends today, ties to the lowest index. */
function leastUsed(sorted: readonly EngineInstance[], wanted: number): number {
  let best = -1;
  for (let k = 0; k < sorted.length; k++) {
    if (!isCandidate(k, wanted)) continue;
    if (best < 0 || sorted[k].sendsToday < sorted[best].sendsToday) best = k;
  }
  return best;
}

/** The state after a round robin or least-used pick: health_weighted's running values carried as they were. */
function carried(instance: EngineInstance, state: ChannelRotationState | undefined): ChannelRotationState {
  const next: ChannelRotationState = { lastIndex: instance.index, currentWeights: state?.currentWeights ?? {} };
  if (state?.weights !== undefined) next.weights = state.weights;
  return next;
}

/**
 * Smooth weighted round robin (nginx's): every pick adds each weight to its running value, takes
 * the largest (ties: lowest index) and subtracts the total from it. Over any run of total-weight
 * picks each instance is chosen exactly its weight's number of times, evenly spread — far inside
 * SPEC's "within 2 points over 10,000 picks". Weight = health score; if every candidate has
 * health 0 (possible with minimum health 0) they share equally. Running values are kept for the
 * pool (the instances of the kind `wanted` names) only: an instance no longer eligible loses its
 * value, and a returning one starts fresh. With geomatch the pick is among the candidates
 * (isCandidate): only they take part in this round; the rest of the pool keep their running values
 * unchanged. `total`: the candidates' health; `candidates`: how many. Returns the pick's position in
 * `sorted` and the new running values (`ids`: the pool's).
 */
function smoothWeighted(
  index: ChannelIndex,
  wanted: number,
  total: number,
  candidates: number,
  state: ChannelRotationState | undefined,
): Weighed {
  // The pool is most often the last one seen: its ids are taken as they are, and checked while
  // weighing; only when they are not this pool's is it made again.
  return (
    weigh(index.sorted, index.lastPool(), wanted, total, candidates, state) ??
    (weigh(index.sorted, index.keepPool(marks, wanted & KIND), wanted, total, candidates, state) as Weighed)
  );
}
type Weighed = { best: number; running: RunningWeights };

/** One round of smoothWeighted over `pool` (positions in `sorted`, and ids); null if the pool is not the instances of `wanted`'s kind. */
function weigh(
  sorted: readonly EngineInstance[],
  pool: WeightPool,
  wanted: number,
  total: number,
  candidates: number,
  state: ChannelRotationState | undefined,
): Weighed | null {
  const { positions, ids } = pool;
  const kind = wanted & KIND;
  const previous = previousValues(ids, state);
  // A copy of the previous values (a fast clone; `new Array(size)` cost a tenth of the decision).
  const values = previous === null ? new Array<number>(ids.length).fill(0) : previous.slice();
  let best = -1;
  let bestAt = -1; // the pick's position among the pool
  let bestValue = -Infinity;
  let p = 0; // position among the pool
  for (let k = 0; k < sorted.length; k++) {
    if ((marks[k] & KIND) !== kind) continue;
    if (positions[p] !== k) return null;
    if (isCandidate(k, wanted)) {
      const value = values[p] + (total > 0 ? Math.max(0, sorted[k].healthScore) : 1);
      if (value > bestValue) {
        best = k;
        bestAt = p;
        bestValue = value;
      }
      values[p] = value;
    }
    p++;
  }
  if (p !== positions.length) return null;
  values[bestAt] -= total > 0 ? total : candidates;
  return { best, running: { ids, values } };
}

/** The health the candidates share out (health_weighted with a geomatch tier). */
function healthOf(sorted: readonly EngineInstance[], wanted: number): number {
  let total = 0;
  for (let k = 0; k < sorted.length; k++) if (isCandidate(k, wanted)) total += Math.max(0, sorted[k].healthScore);
  return total;
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
