import "server-only";
// The send path's storage on the embedded SQLite database, through better-sqlite3 directly with
// prepared statements (docs/decisions/004-send-path-storage.md). Prisma's per-query overhead
// (~0.2–0.4 ms a query, ~1.2 ms a small transaction on these machines) was most of a send's cost;
// here a send's writes — message, live event, rotation state, webhook, idempotency — go in one
// synchronous `BEGIN IMMEDIATE` transaction (shared with the other sends of the same event-loop
// turn): atomic, and nothing else in this process can run in the middle of it. busy_timeout is 0 so a lock held by another connection (Prisma's, awaiting
// inside its own transaction) never blocks the event loop: we yield and retry instead.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { databaseUrl } from "@/lib/env";
import { sqliteFileOf } from "@/lib/db/dialect";
import { AppError } from "@/lib/errors";

type Conn = { db: Database.Database; stmt: ReturnType<typeof prepare> };
const store = globalThis as unknown as { __nrFastStore?: Conn };

function conn(): Conn {
  if (store.__nrFastStore) return store.__nrFastStore;
  const db = new Database(sqliteFileOf(databaseUrl()), { timeout: 0 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  store.__nrFastStore = { db, stmt: prepare(db) };
  return store.__nrFastStore;
}

function prepare(db: Database.Database) {
  return {
    contactByPhone: db.prepare<[string, string], ContactRow>(`SELECT id, phone, assignedUserId FROM "Contact" WHERE locationId = ? AND phone = ?`),
    contactById: db.prepare<[string, string], ContactRow>(`SELECT id, phone, assignedUserId FROM "Contact" WHERE id = ? AND locationId = ?`),
    tags: db.prepare<[string], { value: string }>(`SELECT value FROM "ContactTag" WHERE contactId = ? ORDER BY position`).pluck(),
    insertContact: db.prepare(
      `INSERT INTO "Contact" (id, locationId, phone, name, assignedUserId, createdAt, updatedAt) VALUES (?, ?, ?, '', NULL, ?, ?) ON CONFLICT (locationId, phone) DO NOTHING`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO "Message" (id, locationId, channel, contactId, instanceId, instanceIndex, instancePhone, instanceLabel, status, rule, errorCode, errorName, requestedBody, body, trace, warnings, source, sourceRef, createdAt)
       VALUES (@id, @locationId, @channel, @contactId, @instanceId, @instanceIndex, @instancePhone, @instanceLabel, @status, @rule, @errorCode, @errorName, @requestedBody, @body, @trace, @warnings, @source, @sourceRef, @createdAt)`,
    ),
    insertEvent: db.prepare(`INSERT INTO "Event" (locationId, type, payload, createdAt) VALUES (?, ?, ?, ?)`),
    upsertRotation: db.prepare(
      `INSERT INTO "RotationState" (locationId, channel, state, updatedAt) VALUES (?, ?, ?, ?) ON CONFLICT (locationId, channel) DO UPDATE SET state = excluded.state, updatedAt = excluded.updatedAt`,
    ),
    insertWebhook: db.prepare(
      `INSERT INTO "WebhookDelivery" (id, locationId, eventType, webhookId, url, payload, status, attempts, nextAttemptAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    ),
    completeIdempotency: db.prepare(`UPDATE "IdempotencyRecord" SET state = 'done', responseStatus = ?, responseBody = ? WHERE id = ?`),
  };
}

type ContactRow = { id: string; phone: string; assignedUserId: string | null };
export type StoredContact = ContactRow & { tags: string[] };

/** Prisma's own DateTime text format on SQLite, so both read each other's rows. */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export function findContact(locationId: string, by: { id: string } | { phone: string }): StoredContact | null {
  const { stmt } = conn();
  const row = "id" in by ? stmt.contactById.get(by.id, locationId) : stmt.contactByPhone.get(locationId, by.phone);
  return row ? { ...row, tags: stmt.tags.all(row.id) as unknown as string[] } : null;
}

/** The contact with this phone, created when missing (concurrent first sends share one row). */
export async function findOrCreateContact(locationId: string, phone: string): Promise<StoredContact> {
  return withBusyRetry(() => {
    const { stmt } = conn();
    const now = sqliteDate(new Date());
    stmt.insertContact.run(randomUUID(), locationId, phone, now, now);
    return findContact(locationId, { phone })!;
  });
}

export type SendWrite = {
  message: {
    id: string; locationId: string; channel: string; contactId: string; instanceId: string | null;
    instanceIndex: number | null; instancePhone: string | null; instanceLabel: string | null; status: string;
    rule: string | null; errorCode: number | null; errorName: string | null; requestedBody: string; body: string;
    trace: string; warnings: string; source: string; sourceRef: string | null; createdAt: Date;
  };
  event: { type: string; payload: string };
  rotation: { channel: string; state: string } | null;
  webhook: { eventType: string; url: string; payload: string } | null;
  idempotency: { id: string; status: number; body: string } | null;
};

/**
 * Queues one send's writes; resolves once they are committed. Sends queued during the same turn
 * of the event loop are committed together (group commit): each send's rows still go in as a
 * unit — a transaction holds whole sends only — but the batch shares one commit, so the nine
 * b-tree pages a send touches are written to the WAL once per batch instead of once per send.
 * Batches commit strictly in order, so a newer rotation state is never overwritten by an older.
 */
export function commitSend(write: SendWrite): Promise<void> {
  return new Promise((resolve, reject) => {
    const q = queue();
    q.pending.push({ write, resolve, reject });
    if (q.pending.length === 1) setImmediate(() => void flush());
  });
}

type Pending = { write: SendWrite; resolve: () => void; reject: (error: unknown) => void };
type Queue = { pending: Pending[]; chain: Promise<void> };
const queueStore = globalThis as unknown as { __nrSendQueue?: Queue };
const queue = (): Queue => (queueStore.__nrSendQueue ??= { pending: [], chain: Promise.resolve() });

/** Commits whatever is queued and waits for every earlier batch (before reading state back). */
export function settleSends(): Promise<void> {
  return flush();
}

function flush(): Promise<void> {
  const q = queue();
  const batch = q.pending;
  if (batch.length === 0) return q.chain;
  q.pending = [];
  q.chain = q.chain.then(async () => {
    try {
      await withBusyRetry(() => writeBatch(batch.map((p) => p.write)));
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  });
  return q.chain;
}

function writeBatch(writes: SendWrite[]): void {
  const { db, stmt } = conn();
  const tx = db.transaction(() => {
    for (const write of writes) {
      const m = write.message;
      const at = sqliteDate(m.createdAt);
      stmt.insertMessage.run({ ...m, createdAt: at });
      stmt.insertEvent.run(m.locationId, write.event.type, write.event.payload, at);
      if (write.rotation) stmt.upsertRotation.run(m.locationId, write.rotation.channel, write.rotation.state, at);
      if (write.webhook) {
        const webhookId = `msg_${randomUUID().replaceAll("-", "")}`;
        stmt.insertWebhook.run(randomUUID(), m.locationId, write.webhook.eventType, webhookId, write.webhook.url, write.webhook.payload, at, at);
      }
      if (write.idempotency) stmt.completeIdempotency.run(write.idempotency.status, write.idempotency.body, write.idempotency.id);
    }
  });
  tx.immediate();
}

const RETRY_FOR_MS = 5_000;

async function withBusyRetry<T>(run: () => T): Promise<T> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
    try {
      return run();
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (!code.startsWith("SQLITE_BUSY") && !code.startsWith("SQLITE_LOCKED")) throw error;
      if (Date.now() > deadline) throw new AppError("busy", "The database is busy: retry in a moment.", { status: 503 });
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
