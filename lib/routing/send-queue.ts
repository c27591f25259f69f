import "server-only";
import {
  type BatchWrites,
  type ChannelKey,
  channelKey,
  emptyWrites,
  type LiveState,
  type MessageRow,
  sendStore,
} from "@/lib/db/send-store";
import { reserveSlot } from "@/lib/delivery/pacing";
import { utcDayKey } from "@/lib/engine/time";
// Group commit of sends (docs/decisions/004 and 006). The sends queued during one turn of the
// event loop go to the database in ONE transaction: it locks their channels, reads the live
// state, and decides them one after another in queue order — each decision sees the rotation and
// counters the previous one left — then writes all their rows at once. Batches run strictly one
// after another in this process (the next one gathers what arrived meanwhile); across processes
// the database lock orders them.
import type { ChannelRotationState } from "@/lib/engine/types";
import type { eventRow } from "@/lib/events/append-event";
import type { Pacing } from "@/lib/gateways/gateway.schema";
import { processSingleton } from "@/lib/process-singleton";
import { liveScope } from "@/lib/routing/snapshot-cache";
import type { webhookRow } from "@/lib/webhooks/enqueue-webhook";

/** What one decided send writes (built by the caller's `decide`, inside the transaction). */
export type SendRows = {
  message: MessageRow;
  /** Built by eventRow and webhookRow, from a typed DomainEvent. */
  event: ReturnType<typeof eventRow>;
  webhook: ReturnType<typeof webhookRow> | null;
  idempotency: { id: string; status: number; body: string } | null;
  /** The channel's next rotation state when rotation chose the number. */
  rotation: ChannelRotationState | null;
  /** The instance whose counter of today's sends grows (a successful decision). */
  countInstanceId: string | null;
  /**
   * A successful decision's delivery: the slot is reserved in the batch (lib/delivery/pacing), and
   * for an instance with a gateway the outbox item is due at it.
   */
  delivery: {
    instanceId: string;
    contactId: string;
    gateway: boolean;
    pacing: Pacing;
    /** The send window's next opening when the message is `scheduled` (it waits in the outbox, record-only too). */
    notBefore: number | null;
  } | null;
  /** The contact's conversation binding on this channel to write (instanceId) or drop (null). */
  binding: { contactId: string; instanceId: string | null; at: Date } | null;
};

/** `stale`: the configuration changed since the caller loaded it; reload and queue again. */
export type SendOutcome = "done" | "stale";

type Pending = {
  configVersion: number;
  contactId: string;
  decide: (live: LiveState, now: number) => SendRows;
  resolve: (outcome: SendOutcome) => void;
  reject: (error: unknown) => void;
};
/** One queue per location+channel: channels commit side by side (PostgreSQL: on their own
 * connections), so one location's slow or failing batch never holds up another's sends. */
type Queue = { key: ChannelKey; pending: Pending[]; running: boolean };
const queues = processSingleton("send-queues", () => new Map<string, Queue>());

/** Queues one send; resolves once its batch committed (or tells the caller its config is stale). */
export function enqueueSend(key: ChannelKey, configVersion: number, contactId: string, decide: Pending["decide"]): Promise<SendOutcome> {
  return new Promise((resolve, reject) => {
    const name = channelKey(key);
    let q = queues.get(name);
    if (!q) queues.set(name, (q = { key, pending: [], running: false }));
    q.pending.push({ configVersion, contactId, decide, resolve, reject });
    if (!q.running) {
      q.running = true;
      const started = q;
      setImmediate(() => void drain(name, started));
    }
  });
}

/**
 * Commits batch after batch until nothing is queued. A batch is everything queued while the
 * previous one was committing: the slower the commit (PostgreSQL waits for its WAL flush, ~ms),
 * the larger the next batch, so throughput does not collapse with commit latency.
 */
async function drain(name: string, q: Queue): Promise<void> {
  try {
    await drainLoop(q);
  } finally {
    q.running = false;
    // Whatever was queued after an unexpected failure still gets its turn.
    if (q.pending.length > 0) {
      q.running = true;
      setImmediate(() => void drain(name, q));
    } else if (queues.get(name) === q) {
      queues.delete(name);
    }
  }
}

async function drainLoop(q: Queue): Promise<void> {
  while (q.pending.length > 0) {
    const batch = q.pending;
    q.pending = [];
    try {
      const outcomes = await commit(q.key, batch);
      batch.forEach((p, k) => {
        p.resolve(outcomes[k]);
      });
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        continue;
      }
      // One send's failure must not fail the others of its batch: each goes again on its own.
      for (const p of batch) await commit(q.key, [p]).then(([outcome]) => p.resolve(outcome), p.reject);
    }
  }
}

/** One transaction for the batch (one channel). `plan` may run again when the store retries it. */
async function commit(key: ChannelKey, batch: Pending[]): Promise<SendOutcome[]> {
  const now = Date.now();
  const day = utcDayKey(now);
  let outcomes: SendOutcome[] = [];
  const contactIds = [...new Set(batch.map((p) => p.contactId))];
  await sendStore().commitBatch(key, liveScope(now, contactIds), (read) => {
    const state: LiveState = {
      ...read,
      instances: read.instances.map((i) => ({ ...i, hours: { ...i.hours }, newContacts: { ...i.newContacts } })),
      reached: new Set(read.reached),
      bindings: new Map(read.bindings),
      lastInbound: read.lastInbound,
    };
    const writes = emptyWrites();
    const hours = new Map<string, BatchWrites["hourCounters"][number]>();
    const newContacts = new Map<string, BatchWrites["newContacts"][number]>();
    const slots = new Map<string, Date>();
    const counters = new Map<string, BatchWrites["counters"][number]>();
    outcomes = batch.map((p) => {
      if (state.configVersion !== p.configVersion) return "stale";
      const rows = p.decide(state, now);
      const m = rows.message;
      writes.messages.push(m);
      writes.events.push({ locationId: m.locationId, type: rows.event.type, payload: rows.event.payload, createdAt: m.createdAt });
      if (rows.webhook)
        writes.webhooks.push({ id: crypto.randomUUID(), locationId: m.locationId, ...rows.webhook, createdAt: m.createdAt });
      if (rows.idempotency) writes.idempotency.push(rows.idempotency);
      if (rows.rotation) {
        state.rotation = rows.rotation;
        writes.rotation = { state: JSON.stringify(rows.rotation), at: m.createdAt };
      }
      if (rows.countInstanceId) {
        const instance = state.instances.find((i) => i.id === rows.countInstanceId);
        if (instance) instance.sendsToday += 1;
        const counter = counters.get(rows.countInstanceId) ?? { instanceId: rows.countInstanceId, ...key, day, add: 0 };
        counter.add += 1;
        counters.set(rows.countInstanceId, counter);
      }
      if (rows.binding) {
        const b = rows.binding;
        if (b.instanceId) state.bindings.set(b.contactId, { instanceId: b.instanceId, at: b.at.getTime() });
        else state.bindings.delete(b.contactId);
        writes.bindings.push({ ...b, channel: key.channel, locationId: key.locationId });
      }
      const d = rows.delivery;
      const instance = d && state.instances.find((i) => i.id === d.instanceId);
      if (d && instance) {
        const pair = `${d.instanceId}|${d.contactId}`;
        const isNewContact = !state.reached.has(pair);
        const from = Math.max(now, d.notBefore ?? 0);
        const slot = reserveSlot(instance, d.pacing, { isNewContact, now: from, waits: d.gateway, random: Math.random() });
        const hour = hours.get(`${d.instanceId}|${slot.hour}`) ?? { instanceId: d.instanceId, hour: slot.hour, add: 0 };
        hour.add += 1;
        hours.set(`${d.instanceId}|${slot.hour}`, hour);
        if (slot.newContactDay) {
          state.reached.add(pair);
          writes.reached.push({ instanceId: d.instanceId, contactId: d.contactId, firstAt: new Date(slot.slot) });
          const k = `${d.instanceId}|${slot.newContactDay}`;
          const n = newContacts.get(k) ?? { instanceId: d.instanceId, ...key, day: slot.newContactDay, add: 0 };
          n.add += 1;
          newContacts.set(k, n);
        }
        if (slot.nextSlotAt !== null) slots.set(d.instanceId, new Date(slot.nextSlotAt));
        if (d.gateway || d.notBefore !== null) {
          writes.outbox.push({
            id: crypto.randomUUID(),
            locationId: m.locationId,
            messageId: m.id,
            instanceId: d.instanceId,
            nextAttemptAt: new Date(slot.slot),
            createdAt: m.createdAt,
          });
        }
      }
      return "done";
    });
    writes.counters = [...counters.values()];
    writes.hourCounters = [...hours.values()];
    writes.newContacts = [...newContacts.values()];
    writes.pacing = [...slots].map(([instanceId, nextSlotAt]) => ({ instanceId, nextSlotAt }));
    return writes;
  });
  return outcomes;
}
