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
 *
 * One walk of the channel's instances (in index order) tallies each kind of eligible instance —
 * warmed and warming, all of them and, with geomatch, those with the contact's area code and
 * those in its country — with the pick round robin and least-used would make among them, so
 * those two strategies choose without building a list. health_weighted weighs every candidate:
 * its tallies keep their instances too.
 */
export function rotate(
  index: ChannelIndex,
  location: LocationSnapshot,
  state: ChannelRotationState | undefined,
  now: number,
  contactGeo: PhoneGeo | null,
): RotationResult {
  const sorted = index.sorted;
  const lastIndex = state?.lastIndex ?? Number.NEGATIVE_INFINITY;
  const strategy = location.rotationStrategy;
  const lists = strategy === "health_weighted"; // it weighs every candidate: the tallies keep them
  let notConnected = 0;
  let noPhone = 0;
  let lowHealth = 0;
  let overLimit = 0;
  let paced = 0;
  const minHealth = location.minHealth;
  const mode = location.geomatch ?? "off";
  // Geomatch: area codes compare as numbers (two string objects compare by content, a call each
  // time), countries as the library's own strings.
  const geoOn = mode !== "off" && contactGeo !== null;
  const wantedArea = geoOn && mode === "area_code" && contactGeo.areaCode !== null ? Number(contactGeo.areaCode) : NO_AREA;
  const wantedCountry = geoOn ? contactGeo.country : null;
  const areas = wantedArea !== NO_AREA ? index.areaCodes() : NO_AREAS;
  const countries = wantedCountry !== null ? index.geo() : NO_GEOS;
  const warmed = tiers(lists, wantedArea !== NO_AREA, wantedCountry !== null);
  const warming = tiers(lists, wantedArea !== NO_AREA, wantedCountry !== null);
  for (let k = 0; k < sorted.length; k++) {
    const instance = sorted[k];
    if (instance.status !== "connected") notConnected++;
    else if (instance.phone === null) noPhone++;
    else if (instance.healthScore < minHealth) lowHealth++;
    else if (instance.pacingCap) paced++;
    else {
      const limit = warmingLimitToday(instance, location, now);
      const kind = limit === NOT_WARMING ? warmed : instance.sendsToday < limit ? warming : null;
      if (kind === null) overLimit++;
      else {
        kind.all.add(instance, lastIndex);
        if (wantedArea !== NO_AREA && areas[k] === wantedArea) kind.area.add(instance, lastIndex);
        if (wantedCountry !== null && countries[k].country === wantedCountry) kind.country.add(instance, lastIndex);
      }
    }
  }
  const warmingOnly = warmed.all.count === 0;
  const kind = warmingOnly ? warming : warmed;
  const pool = kind.all;
  if (pool.count === 0) return { instance: null, excluded: { notConnected, noPhone, lowHealth, overLimit, paced } };
  let chosen = pool;
  let geoChoice: GeoChoice | null = null;
  if (geoOn) {
    const area = contactGeo.areaCode;
    const country = wantedCountry;
    if (kind.area.count > 0) {
      geoChoice = { mode, tier: "area_code", count: kind.area.count, area, country };
      chosen = kind.area;
    } else if (kind.country.count > 0) {
      geoChoice = { mode, tier: "country", count: kind.country.count, area, country };
      chosen = kind.country;
    } else geoChoice = { mode, tier: "all", count: pool.count, area, country };
  }
  let instance: EngineInstance;
  let next: ChannelRotationState;
  switch (strategy) {
    case "health_weighted": {
      const list = pool.list as EngineInstance[];
      const weights = smoothWeighted(list, chosen.list as EngineInstance[], index.idsOf(list), state);
      instance = list[weights.best];
      next = { lastIndex: instance.index, currentWeights: {}, weights: weights.running };
      break;
    }
    case "least_used":
      instance = chosen.least as EngineInstance;
      next = carried(instance, state);
      break;
    default: // round_robin; an unknown strategy rotates fairly too
      instance = (chosen.after ?? chosen.first) as EngineInstance;
      next = carried(instance, state);
  }
  return { instance, state: next, eligible: pool.count, warmingOnly, geo: geoChoice };
}

/**
 * Some kind of eligible instance, as the walk met them (index order): how many, the first, the
 * first past the last index used (round robin's pick), the first with the fewest sends today
 * (least-used's pick) and, when asked for, all of them.
 */
class Tally {
  count = 0;
  first: EngineInstance | null = null;
  after: EngineInstance | null = null;
  least: EngineInstance | null = null;
  /** All of them, made at the first when kept. */
  list: EngineInstance[] | null = null;

  constructor(private readonly keep: boolean) {}

  add(instance: EngineInstance, lastIndex: number): void {
    if (this.keep) (this.list ??= []).push(instance);
    if (this.count++ === 0) {
      this.first = instance;
      this.least = instance;
    } else if (instance.sendsToday < (this.least as EngineInstance).sendsToday) this.least = instance;
    if (this.after === null && instance.index > lastIndex) this.after = instance;
  }
}

/**
 * One kind of eligible instance (warmed, or warming) tallied whole and per geomatch tier; a tier
 * this contact does not ask about is the shared empty tally, never added to.
 */
function tiers(lists: boolean, byArea: boolean, byCountry: boolean): { all: Tally; area: Tally; country: Tally } {
  return { all: new Tally(lists), area: byArea ? new Tally(lists) : NONE, country: byCountry ? new Tally(lists) : NONE };
}

const NONE = new Tally(false);
const NO_AREAS = new Int32Array(0);

const NO_GEOS: readonly PhoneGeo[] = [];

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
