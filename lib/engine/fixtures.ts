// Data factories shared by the engine's tests and benchmark: the seeds' worked examples and a
// large synthetic location. Fixed numbers and times only — nothing random, nothing from the clock.
import { DAY_MS } from "./time";
import { CHANNELS, type EngineContact, type EngineInstance, type LocationSnapshot, type SelectInput } from "./types";

export const NOW = Date.UTC(2025, 5, 15, 12); // a fixed "now" for every test
export const LONG_AGO = NOW - 60 * DAY_MS; // warmed long ago

export function makeInstance(fields: Partial<EngineInstance> & Pick<EngineInstance, "index">): EngineInstance {
  const channel = fields.channel ?? "whatsapp";
  return {
    id: `${channel}-${fields.index}`,
    channel,
    label: `Line ${fields.index}`,
    phone: `+1555${channel === "whatsapp" ? 0 : channel === "imessage" ? 3 : 4}00${String(fields.index).padStart(4, "0")}`,
    status: "connected",
    statusReason: null,
    isDefault: false,
    firstConnectedAt: LONG_AGO,
    warmingDays: null,
    healthScore: 100,
    sendsToday: 0,
    assignedUserIds: [],
    ...fields,
  };
}

export function makeLocation(instances: EngineInstance[], fields: Partial<LocationSnapshot> = {}): LocationSnapshot {
  return {
    id: "loc-1",
    defaultCountry: "US",
    rotationStrategy: "round_robin",
    warmingDays: 5,
    warmingDailyLimits: [20, 40, 80, 160, 320],
    minHealth: 40,
    instances,
    ...fields,
  };
}

export function makeInput(
  location: LocationSnapshot,
  fields: Partial<Omit<SelectInput, "contact">> & { contact?: Partial<EngineContact> } = {},
): SelectInput {
  const { contact, ...rest } = fields;
  return {
    channel: "whatsapp",
    body: "Hello there",
    from: null,
    location,
    rotation: {},
    now: NOW,
    ...rest,
    contact: { id: "contact-1", phone: "+15559990001", tags: [], assignedUserId: null, ...contact },
  };
}

/** Seeds, example 1 (e-commerce): Orders assigned to the order user, Support default, Billing for VIP tags. */
export function ecommerce(overrides: Record<number, Partial<EngineInstance>> = {}): LocationSnapshot {
  return makeLocation([
    makeInstance({ index: 1, label: "Orders", phone: "+15556733771", assignedUserIds: ["user-orders"], ...overrides[1] }),
    makeInstance({ index: 2, label: "Support", phone: "+15557877678", isDefault: true, ...overrides[2] }),
    makeInstance({ index: 3, label: "Billing", phone: "+15552455464", ...overrides[3] }),
  ]);
}

/** Seeds, example 2 (agency): client A by override, client B's team assigned to #2, main line default. */
export function agency(overrides: Record<number, Partial<EngineInstance>> = {}): LocationSnapshot {
  return makeLocation([
    makeInstance({ index: 1, label: "Client A Brand", phone: "+15555000001", ...overrides[1] }),
    makeInstance({ index: 2, label: "Client B Brand", phone: "+15555000002", assignedUserIds: ["user-b1", "user-b2"], ...overrides[2] }),
    makeInstance({ index: 3, label: "Agency Main Line", phone: "+15555000003", isDefault: true, ...overrides[3] }),
    makeInstance({ channel: "imessage", index: 1, label: "Agency iMessage", phone: "+15556000001", isDefault: true }),
    makeInstance({ channel: "imessage", index: 3, label: "Support line", phone: "+15556000003" }),
  ]);
}

/**
 * The benchmark's location: `perChannel` instances on each channel with a realistic spread —
 * mostly connected, some dropped (transient, logged out, banned), some waiting for a QR scan,
 * some warming, some under minimum health; users assigned; a default per channel.
 */
export function largeLocation(perChannel: number, strategy: LocationSnapshot["rotationStrategy"] = "round_robin"): LocationSnapshot {
  const instances: EngineInstance[] = [];
  for (const channel of CHANNELS) {
    for (let index = 1; index <= perChannel; index++) {
      const k = index % 10;
      instances.push(
        makeInstance({
          channel,
          index,
          label: `${channel} line ${index}`,
          status: k === 3 || k === 7 ? "disconnected" : k === 9 && index % 20 === 9 ? "qr_pending" : "connected",
          statusReason: k === 3 ? "transient" : k === 7 ? (index % 20 === 7 ? "banned" : "logged_out") : null,
          isDefault: index === 2 && channel !== "sms" ? true : channel === "sms" && index === 3,
          firstConnectedAt: k === 5 ? NOW - (index % 4) * DAY_MS : LONG_AGO,
          healthScore: k === 8 ? 30 : 50 + ((index * 7) % 51),
          sendsToday: (index * 13) % 70,
          assignedUserIds: index <= 30 ? [`user-${index}`] : [],
        }),
      );
    }
  }
  return makeLocation(instances, { rotationStrategy: strategy });
}
