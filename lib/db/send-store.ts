import "server-only";
import { dialectOf } from "@/lib/db/dialect";
import { postgresSendStore } from "@/lib/db/send-store-postgres";
import { sqliteSendStore } from "@/lib/db/send-store-sqlite";
// The send path's storage (docs/decisions/004-send-path-storage.md, 006-scale-out.md): the
// hand-written SQL of the hottest path, one implementation per database behind one interface.
// A batch is the sends of one location+channel: take that channel's cross-process lock, read its
// live routing state (config version, rotation state, instance status/health/first connection,
// today's send counters, pacing counts and slots, and the batch contacts' bindings, first contacts
// and last inbound message), let the caller decide every send in order (`plan`, pure and
// synchronous), write the rows it returns, commit. SQLite: one `BEGIN IMMEDIATE` transaction (the
// database's write lock spans processes). PostgreSQL: one transaction holding a
// transaction-scoped advisory lock per location+channel.
import type { Channel, ChannelRotationState, InstanceStatus, StatusReason } from "@/lib/engine/types";
import { databaseUrl } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

export type StoredContact = { id: string; phone: string; assignedUserId: string | null; tags: string[] };

/** The live pacing state of one instance (read under the lock; advanced in place by lib/delivery/pacing reserveSlot). */
export type PacingState = {
  nextSlotAt: number | null;
  /** Slots given per UTC hour ("YYYY-MM-DDTHH"), this hour and later. */
  hours: Record<string, number>;
  /** New contacts given per UTC day ("YYYY-MM-DD"), today and later. */
  newContacts: Record<string, number>;
};

export type LiveInstance = {
  id: string;
  status: InstanceStatus;
  statusReason: StatusReason | null;
  healthScore: number;
  firstConnectedAt: number | null;
  sendsToday: number;
} & PacingState;

/** What a decision must read fresh, under the lock: never from one process's memory. */
export type LiveState = {
  /** Location.configVersion (null: the location is gone). */
  configVersion: number | null;
  rotation: ChannelRotationState | null;
  instances: LiveInstance[];
  /** "instanceId|contactId" for the asked contacts an instance of the channel has messaged before. */
  reached: Set<string>;
  /** The asked contacts' conversation bindings on this channel (SPEC §2 conversation rule). */
  bindings: Map<string, { instanceId: string; at: number }>;
  /** When each asked contact last wrote to the location (epoch ms): a reply within 24 h skips the send window. */
  lastInbound: Map<string, number>;
};

/** What the live read covers besides the channel: today, this hour, and the contacts of the batch. */
export type LiveScope = { day: string; hour: string; contactIds: string[] };

export type ChannelKey = { locationId: string; channel: Channel };

export type MessageRow = {
  id: string;
  locationId: string;
  channel: string;
  contactId: string;
  instanceId: string | null;
  instanceIndex: number | null;
  instancePhone: string | null;
  instanceLabel: string | null;
  status: string;
  /** Record-only instances: the decision time (the message is sent at once); else null (queued). */
  sentAt: Date | null;
  rule: string | null;
  errorCode: number | null;
  errorName: string | null;
  requestedBody: string;
  body: string;
  trace: string;
  warnings: string;
  source: string;
  sourceRef: string | null;
  createdAt: Date;
};

export type BatchWrites = {
  messages: MessageRow[];
  events: { locationId: string; type: string; payload: string; createdAt: Date }[];
  webhooks: { id: string; locationId: string; eventType: string; webhookId: string; url: string; payload: string; createdAt: Date }[];
  idempotency: { id: string; status: number; body: string }[];
  /** The channel's final rotation state, when the batch advanced it. */
  rotation: { state: string; at: Date } | null;
  /** Sends to add to today's counter of each instance. */
  counters: { instanceId: string; locationId: string; channel: string; day: string; add: number }[];
  /** Messages for instances with a gateway: the outbox items, due at their pacing slot. */
  outbox: { id: string; locationId: string; messageId: string; instanceId: string; nextAttemptAt: Date; createdAt: Date }[];
  /** Each paced instance's next free slot after the batch. */
  pacing: { instanceId: string; nextSlotAt: Date }[];
  hourCounters: { instanceId: string; hour: string; add: number }[];
  newContacts: { instanceId: string; locationId: string; channel: string; day: string; add: number }[];
  /** First messages from an instance to a contact. */
  reached: { instanceId: string; contactId: string; firstAt: Date }[];
  /** Conversation bindings to write (outbound sends) or drop (a bound number that is gone). */
  bindings: { contactId: string; channel: string; locationId: string; instanceId: string | null; at: Date }[];
};

/** A batch that writes nothing yet: the send queue (and the durability bench) fill it in. */
export function emptyWrites(): BatchWrites {
  return {
    messages: [],
    events: [],
    webhooks: [],
    idempotency: [],
    rotation: null,
    counters: [],
    outbox: [],
    pacing: [],
    hourCounters: [],
    newContacts: [],
    reached: [],
    bindings: [],
  };
}

export type ClaimFairness = { perLocation: number; skipLocations: string[] };

export type ClaimedWebhook = { id: string; locationId: string; webhookId: string; url: string; payload: string; attempts: number };

export interface SendStore {
  findContact(locationId: string, by: { id: string } | { phone: string }): Promise<StoredContact | null>;
  /** The contact with this phone, created when missing (concurrent first sends share one row). */
  findOrCreateContact(locationId: string, phone: string): Promise<StoredContact>;
  /** Live state of one channel without a lock (dry runs, pages). */
  readLive(key: ChannelKey, scope: LiveScope): Promise<LiveState>;
  configVersion(locationId: string): Promise<number | null>;
  /** One transaction: lock the channel, read its live state, write what `plan` returns. */
  commitBatch(key: ChannelKey, scope: LiveScope, plan: (live: LiveState) => BatchWrites): Promise<void>;
  /**
   * Claims up to `limit` due webhook deliveries (each by one process only) until `leaseUntil`,
   * oldest first, at most `perLocation` of one location and none of `skipLocations` (the
   * locations whose slots are all taken in this process), so one location's backlog never
   * stands in front of another's.
   */
  claimWebhooks(now: Date, leaseUntil: Date, limit: number, fairness: ClaimFairness): Promise<ClaimedWebhook[]>;
}

export const channelKey = (key: ChannelKey) => `${key.locationId}|${key.channel}`;

export function sendStore(): SendStore {
  return processSingleton("send-store", () => (dialectOf(databaseUrl()) === "postgres" ? postgresSendStore() : sqliteSendStore()));
}
