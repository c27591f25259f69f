// Lookup tables over a location snapshot, built once per snapshot object and reused for every
// message routed with it (the benchmark routes hundreds of thousands per snapshot). Built lazily,
// per channel and per table, so a snapshot used for one message (a service that loads one per
// request) pays only for what that message needs. The tables map keys to the instance objects
// themselves: status, health and sends are always read live.
import { normalizePhone, type PhoneGeo, phoneGeo } from "./phone";
import type { Channel, EngineInstance, LocationSnapshot, SenderRef } from "./types";

export class ChannelIndex {
  /** This channel's instances by ascending index: rotation order and tie-breaks. */
  readonly sorted: EngineInstance[];
  /** Lowest-index default; uniqueness is the database's job, a tie still resolves the same way. */
  readonly defaultInstance: EngineInstance | null;
  private indexMap: Map<number, EngineInstance> | null = null;
  private phoneMap: Map<string, EngineInstance> | null = null;
  private userMap: Map<string, EngineInstance> | null = null;
  private idMap: Map<string, EngineInstance> | null = null;
  private geoTable: PhoneGeo[] | null = null;
  private areaTable: Int32Array | null = null;
  private countryTable: Int32Array | null = null;
  private weightPool: WeightPool = { positions: new Int32Array(0), ids: [] };
  private readonly country: string;

  constructor(location: LocationSnapshot, channel: Channel) {
    this.country = location.defaultCountry;
    this.sorted = location.instances.filter((i) => i.channel === channel).sort((a, b) => a.index - b.index);
    this.defaultInstance = this.sorted.find((i) => i.isDefault) ?? null;
  }

  byIndex(index: number): EngineInstance | null {
    if (this.indexMap === null) this.indexMap = firstBy(this.sorted, (i) => [i.index]);
    return this.indexMap.get(index) ?? null;
  }

  /** `phone` in E.164. Stored numbers are E.164 already; normalising them also forgives a formatted one. */
  byPhone(phone: string): EngineInstance | null {
    if (this.phoneMap === null) {
      this.phoneMap = firstBy(this.sorted, (i) => (i.phone === null ? [] : [normalizePhone(i.phone, this.country) ?? i.phone]));
    }
    return this.phoneMap.get(phone) ?? null;
  }

  /** A user has at most one instance per channel (SPEC §1); should a snapshot break that, the lowest index wins. */
  byUser(userId: string): EngineInstance | null {
    if (this.userMap === null) this.userMap = firstBy(this.sorted, (i) => i.assignedUserIds);
    return this.userMap.get(userId) ?? null;
  }

  /** Country and NANP area code (geomatch) of each instance, by position in `sorted`; parsed once per snapshot. */
  geo(): readonly PhoneGeo[] {
    if (this.geoTable === null) this.geoTable = this.sorted.map((i) => phoneGeo(i.phone, this.country));
    return this.geoTable;
  }

  /** The NANP area code of each instance as a number (NO_CODE without one), by position in `sorted`. */
  areaCodes(): Int32Array {
    if (this.areaTable === null)
      this.areaTable = Int32Array.from(this.geo(), (geo) => (geo.areaCode === null ? NO_CODE : Number(geo.areaCode)));
    return this.areaTable;
  }

  /** The country of each instance as a number (countryCode; NO_CODE without one), by position in `sorted`. */
  countryCodes(): Int32Array {
    if (this.countryTable === null)
      this.countryTable = Int32Array.from(this.geo(), (geo) => (geo.country === null ? NO_CODE : countryCode(geo.country)));
    return this.countryTable;
  }

  /**
   * health_weighted's pool as last made (keepPool): the instances' positions in `sorted` and their
   * ids. Its state shares the `ids` array from one decision to the next while the pool stays the same.
   */
  lastPool(): WeightPool {
    return this.weightPool;
  }

  /** Makes the pool of the instances marked `kind` (`marks` by position in `sorted`) the last one. Never mutated. */
  keepPool(marks: Uint8Array, kind: number): WeightPool {
    const positions: number[] = [];
    for (let k = 0; k < this.sorted.length; k++) if ((marks[k] & kind) === kind) positions.push(k);
    this.weightPool = { positions: Int32Array.from(positions), ids: positions.map((k) => this.sorted[k].id) };
    return this.weightPool;
  }

  byId(id: string): EngineInstance | null {
    if (this.idMap === null) this.idMap = firstBy(this.sorted, (i) => [i.id]);
    return this.idMap.get(id) ?? null;
  }
}

/** Some of a channel's instances: their positions in its `sorted` list, and their ids. */
export interface WeightPool {
  readonly positions: Int32Array;
  readonly ids: readonly string[];
}

/** No area code (areaCodes) or country (countryCodes); never equal to a parsed one. */
export const NO_CODE = -1;

/** A country (ISO 3166 code) as a number, the same for the same code for the life of the process. */
export function countryCode(country: string): number {
  let code = COUNTRY_CODES.get(country);
  if (code === undefined) COUNTRY_CODES.set(country, (code = COUNTRY_CODES.size));
  return code;
}
const COUNTRY_CODES = new Map<string, number>();

interface SnapshotIndex {
  instances: EngineInstance[];
  count: number;
  channels: Partial<Record<Channel, ChannelIndex>>;
}
const cache = new WeakMap<LocationSnapshot, SnapshotIndex>();

export function channelIndex(location: LocationSnapshot, channel: Channel): ChannelIndex {
  let index = cache.get(location);
  // Rebuilt if the instance list was replaced or resized; see LocationSnapshot on immutability.
  if (index === undefined || index.instances !== location.instances || index.count !== location.instances.length) {
    index = { instances: location.instances, count: location.instances.length, channels: {} };
    cache.set(location, index);
  }
  return (index.channels[channel] ??= new ChannelIndex(location, channel));
}

/** The instance the API's `from` names on this channel (by id, or by number in any format). */
export function resolveSender(index: ChannelIndex, from: SenderRef, defaultCountry: string): EngineInstance | null {
  if ("instanceId" in from) return index.byId(from.instanceId);
  const phone = normalizePhone(from.phone, defaultCountry);
  return phone === null ? null : index.byPhone(phone);
}

/** Key → first instance (in index order) with that key. */
function firstBy<K>(sorted: readonly EngineInstance[], keys: (instance: EngineInstance) => readonly K[]): Map<K, EngineInstance> {
  const map = new Map<K, EngineInstance>();
  for (const instance of sorted) for (const key of keys(instance)) if (!map.has(key)) map.set(key, instance);
  return map;
}
