// Lookup tables over a location snapshot, built once per snapshot object and reused for every
// message routed with it (the benchmark routes hundreds of thousands per snapshot). The tables
// map keys to the instance objects themselves, so status, health and sends are always read live.
import { normalizePhone } from "./phone";
import { CHANNELS, type Channel, type EngineInstance, type LocationSnapshot, type SenderRef } from "./types";

export interface ChannelIndex {
  /** This channel's instances by ascending index: rotation order and tie-breaks. */
  sorted: EngineInstance[];
  byIndex: Map<number, EngineInstance>;
  byPhone: Map<string, EngineInstance>;
  byId: Map<string, EngineInstance>;
  byUser: Map<string, EngineInstance>;
  defaultInstance: EngineInstance | null;
}
interface SnapshotIndex {
  instances: EngineInstance[];
  count: number;
  channels: Record<Channel, ChannelIndex>;
}

const cache = new WeakMap<LocationSnapshot, SnapshotIndex>();

export function channelIndex(location: LocationSnapshot, channel: Channel): ChannelIndex {
  let index = cache.get(location);
  // Rebuilt if the instance list was replaced or resized; see LocationSnapshot on immutability.
  if (index === undefined || index.instances !== location.instances || index.count !== location.instances.length) {
    index = build(location);
    cache.set(location, index);
  }
  return index.channels[channel];
}

/** The instance the API's `from` names on this channel (by id, or by number in any format). */
export function resolveSender(index: ChannelIndex, from: SenderRef, defaultCountry: string): EngineInstance | null {
  if ("instanceId" in from) return index.byId.get(from.instanceId) ?? null;
  const phone = normalizePhone(from.phone, defaultCountry);
  return phone === null ? null : index.byPhone.get(phone) ?? null;
}

function build(location: LocationSnapshot): SnapshotIndex {
  const channels = {} as Record<Channel, ChannelIndex>;
  for (const channel of CHANNELS) {
    channels[channel] = { sorted: [], byIndex: new Map(), byPhone: new Map(), byId: new Map(), byUser: new Map(), defaultInstance: null };
  }
  const sorted = location.instances.slice().sort((a, b) => a.index - b.index);
  // Uniqueness (index, phone, one default, one instance per user and channel) is the database's
  // job; should a snapshot break it anyway, the lowest index wins, deterministically.
  for (const instance of sorted) {
    const c = channels[instance.channel];
    if (c === undefined) continue;
    c.sorted.push(instance);
    c.byId.set(instance.id, instance);
    if (!c.byIndex.has(instance.index)) c.byIndex.set(instance.index, instance);
    // Stored numbers are E.164 already; normalising once here also forgives a formatted one.
    const phone = instance.phone === null ? null : normalizePhone(instance.phone, location.defaultCountry) ?? instance.phone;
    if (phone !== null && !c.byPhone.has(phone)) c.byPhone.set(phone, instance);
    for (const user of instance.assignedUserIds) if (!c.byUser.has(user)) c.byUser.set(user, instance);
    if (instance.isDefault && c.defaultInstance === null) c.defaultInstance = instance;
  }
  return { instances: location.instances, count: location.instances.length, channels };
}
