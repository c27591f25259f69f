import "server-only";
// The send path on SQLite, through better-sqlite3 with prepared statements (Prisma's per-query
// overhead was most of a send's cost: docs/decisions/004). A batch is ONE synchronous
// `BEGIN IMMEDIATE` transaction: it takes the database's write lock, which spans processes, so
// the live state it reads cannot change until it commits, whichever process writes next.
// busy_timeout is 0: a lock held by another connection (Prisma's in this process, awaiting inside
// its own transaction, or another process) must never block the event loop; we yield and retry.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { sqliteFileOf } from "@/lib/db/dialect";
import type * as Store from "@/lib/db/send-store";
import type { ChannelRotationState, InstanceStatus, StatusReason } from "@/lib/engine/types";
import { databaseUrl, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/process-singleton";

type Conn = { db: Database.Database; stmt: ReturnType<typeof prepare> };
/** The process's better-sqlite3 connection (also used by the event watcher). */
export function sqliteConnection(): Conn {
  return processSingleton("sqlite-connection", () => {
    const db = new Database(sqliteFileOf(databaseUrl()), { timeout: 0 });
    db.pragma("journal_mode = WAL");
    // NORMAL: a commit survives a process crash, the last ones may not survive a power loss; FULL
    // syncs the WAL at every commit (docs/decisions/007-durability.md, SQLITE_SYNCHRONOUS).
    db.pragma(`synchronous = ${env().SQLITE_SYNCHRONOUS === "full" ? "FULL" : "NORMAL"}`);
    return { db, stmt: prepare(db) };
  });
}

function prepare(db: Database.Database) {
  return {
    contactByPhone: db.prepare<[string, string], ContactRow>(
      `SELECT id, phone, assignedUserId FROM "Contact" WHERE locationId = ? AND phone = ?`,
    ),
    contactById: db.prepare<[string, string], ContactRow>(
      `SELECT id, phone, assignedUserId FROM "Contact" WHERE id = ? AND locationId = ?`,
    ),
    tags: db.prepare<[string], { value: string }>(`SELECT value FROM "ContactTag" WHERE contactId = ? ORDER BY position`).pluck(),
    insertContact: db.prepare(
      `INSERT INTO "Contact" (id, locationId, phone, name, assignedUserId, createdAt, updatedAt) VALUES (?, ?, ?, '', NULL, ?, ?) ON CONFLICT (locationId, phone) DO NOTHING`,
    ),
    configVersion: db.prepare<[string], number>(`SELECT configVersion FROM "Location" WHERE id = ?`).pluck(),
    rotation: db.prepare<[string, string], string>(`SELECT state FROM "RotationState" WHERE locationId = ? AND channel = ?`).pluck(),
    instances: db.prepare<[string, string, string], InstanceRow>(
      `SELECT i.id, i.status, i.statusReason, i.healthScore, i.firstConnectedAt, COALESCE(c.sends, 0) AS sendsToday, p.nextSlotAt
       FROM "Instance" i LEFT JOIN "SendCounter" c ON c.instanceId = i.id AND c.day = ?
       LEFT JOIN "InstancePacing" p ON p.instanceId = i.id
       WHERE i.locationId = ? AND i.channel = ?`,
    ),
    // Pacing counts of this hour and later, new contacts of today and later (lib/delivery/pacing.ts).
    hours: db.prepare<[string, string, string], { instanceId: string; hour: string; sends: number }>(
      `SELECT h.instanceId, h.hour, h.sends FROM "HourCounter" h JOIN "Instance" i ON i.id = h.instanceId
       WHERE i.locationId = ? AND i.channel = ? AND h.hour >= ?`,
    ),
    newContacts: db.prepare<[string, string, string], { instanceId: string; day: string; newContacts: number }>(
      `SELECT instanceId, day, newContacts FROM "SendCounter" WHERE locationId = ? AND channel = ? AND day >= ? AND newContacts > 0`,
    ),
    bindings: db.prepare<[string, string], { contactId: string; instanceId: string; at: string }>(
      `SELECT contactId, instanceId, at FROM "ConversationBinding" WHERE contactId IN (SELECT value FROM json_each(?)) AND channel = ?`,
    ),
    lastInbound: db.prepare<[string, string], { contactId: string; at: string }>(
      `SELECT contactId, MAX(receivedAt) AS at FROM "InboundMessage"
       WHERE locationId = ? AND contactId IN (SELECT value FROM json_each(?)) GROUP BY contactId`,
    ),
    upsertBinding: db.prepare(
      `INSERT INTO "ConversationBinding" (contactId, channel, locationId, instanceId, at, source) VALUES (?, ?, ?, ?, ?, 'outbound')
       ON CONFLICT (contactId, channel) DO UPDATE SET instanceId = excluded.instanceId, at = excluded.at, source = excluded.source`,
    ),
    deleteBinding: db.prepare(`DELETE FROM "ConversationBinding" WHERE contactId = ? AND channel = ?`),
    reached: db
      .prepare<[string, string, string], string>(
        `SELECT r.instanceId || '|' || r.contactId FROM "InstanceContact" r JOIN "Instance" i ON i.id = r.instanceId
         WHERE r.contactId IN (SELECT value FROM json_each(?)) AND i.locationId = ? AND i.channel = ?`,
      )
      .pluck(),
    insertMessage: db.prepare(
      `INSERT INTO "Message" (id, locationId, channel, contactId, instanceId, instanceIndex, instancePhone, instanceLabel, status, sentAt, rule, errorCode, errorName, requestedBody, body, trace, warnings, source, sourceRef, createdAt)
       VALUES (@id, @locationId, @channel, @contactId, @instanceId, @instanceIndex, @instancePhone, @instanceLabel, @status, @sentAt, @rule, @errorCode, @errorName, @requestedBody, @body, @trace, @warnings, @source, @sourceRef, @createdAt)`,
    ),
    insertEvent: db.prepare(`INSERT INTO "Event" (locationId, type, payload, createdAt) VALUES (?, ?, ?, ?)`),
    upsertRotation: db.prepare(
      `INSERT INTO "RotationState" (locationId, channel, state, updatedAt) VALUES (?, ?, ?, ?) ON CONFLICT (locationId, channel) DO UPDATE SET state = excluded.state, updatedAt = excluded.updatedAt`,
    ),
    addCounter: db.prepare(
      `INSERT INTO "SendCounter" (instanceId, day, locationId, channel, sends) VALUES (?, ?, ?, ?, ?) ON CONFLICT (instanceId, day) DO UPDATE SET sends = sends + excluded.sends`,
    ),
    insertOutbox: db.prepare(
      `INSERT INTO "OutboxItem" (id, locationId, messageId, instanceId, state, attempts, nextAttemptAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    ),
    upsertPacing: db.prepare(
      `INSERT INTO "InstancePacing" (instanceId, nextSlotAt) VALUES (?, ?) ON CONFLICT (instanceId) DO UPDATE SET nextSlotAt = excluded.nextSlotAt`,
    ),
    addHour: db.prepare(
      `INSERT INTO "HourCounter" (instanceId, hour, sends) VALUES (?, ?, ?) ON CONFLICT (instanceId, hour) DO UPDATE SET sends = sends + excluded.sends`,
    ),
    addNewContacts: db.prepare(
      `INSERT INTO "SendCounter" (instanceId, day, locationId, channel, sends, newContacts) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (instanceId, day) DO UPDATE SET newContacts = newContacts + excluded.newContacts`,
    ),
    insertReached: db.prepare(`INSERT INTO "InstanceContact" (instanceId, contactId, firstAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
    insertWebhook: db.prepare(
      `INSERT INTO "WebhookDelivery" (id, locationId, eventType, webhookId, url, payload, status, attempts, nextAttemptAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    ),
    completeIdempotency: db.prepare(`UPDATE "IdempotencyRecord" SET state = 'done', responseStatus = ?, responseBody = ? WHERE id = ?`),
    claimWebhooks: db.prepare<[string, string, string, number, number], Store.ClaimedWebhook>(
      `UPDATE "WebhookDelivery" SET nextAttemptAt = ? WHERE id IN (
         SELECT id FROM (
           SELECT id, nextAttemptAt, ROW_NUMBER() OVER (PARTITION BY locationId ORDER BY nextAttemptAt, id) AS rank
           FROM "WebhookDelivery"
           WHERE status = 'pending' AND nextAttemptAt <= ? AND locationId NOT IN (SELECT value FROM json_each(?))
         ) WHERE rank <= ? ORDER BY nextAttemptAt LIMIT ?
       ) RETURNING id, locationId, webhookId, url, payload, attempts`,
    ),
  };
}

type ContactRow = { id: string; phone: string; assignedUserId: string | null };
type InstanceRow = {
  id: string;
  status: string;
  statusReason: string | null;
  healthScore: number;
  firstConnectedAt: string | null;
  sendsToday: number;
  nextSlotAt: string | null;
};

/** Prisma's own DateTime text format on SQLite, so both read each other's rows. */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export function sqliteSendStore(): Store.SendStore {
  const findContactSync = (locationId: string, by: { id: string } | { phone: string }): Store.StoredContact | null => {
    const { stmt } = sqliteConnection();
    const row = "id" in by ? stmt.contactById.get(by.id, locationId) : stmt.contactByPhone.get(locationId, by.phone);
    return row ? { ...row, tags: stmt.tags.all(row.id) as unknown as string[] } : null;
  };
  const readLiveSync = (key: Store.ChannelKey, scope: Store.LiveScope): Store.LiveState => {
    const { stmt } = sqliteConnection();
    const rotation = stmt.rotation.get(key.locationId, key.channel);
    const instances = stmt.instances.all(scope.day, key.locationId, key.channel).map(toLiveInstance);
    const byId = new Map(instances.map((i) => [i.id, i]));
    for (const h of stmt.hours.all(key.locationId, key.channel, scope.hour)) {
      const i = byId.get(h.instanceId);
      if (i) i.hours[h.hour] = h.sends;
    }
    for (const n of stmt.newContacts.all(key.locationId, key.channel, scope.day)) {
      const i = byId.get(n.instanceId);
      if (i) i.newContacts[n.day] = n.newContacts;
    }
    const reached = scope.contactIds.length
      ? new Set(stmt.reached.all(JSON.stringify(scope.contactIds), key.locationId, key.channel) as unknown as string[])
      : new Set<string>();
    const bindings = new Map(
      scope.contactIds.length
        ? stmt.bindings
            .all(JSON.stringify(scope.contactIds), key.channel)
            .map((b) => [b.contactId, { instanceId: b.instanceId, at: Date.parse(b.at) }])
        : [],
    );
    const lastInbound = new Map(
      scope.contactIds.length
        ? stmt.lastInbound.all(key.locationId, JSON.stringify(scope.contactIds)).map((r) => [r.contactId, Date.parse(r.at)])
        : [],
    );
    return {
      configVersion: stmt.configVersion.get(key.locationId) ?? null,
      rotation: rotation ? (JSON.parse(rotation) as ChannelRotationState) : null,
      instances,
      reached,
      bindings,
      lastInbound,
    };
  };
  return {
    findContact: async (locationId, by) => findContactSync(locationId, by),
    findOrCreateContact: (locationId, phone) =>
      withBusyRetry(() => {
        const now = sqliteDate(new Date());
        sqliteConnection().stmt.insertContact.run(randomUUID(), locationId, phone, now, now);
        return findContactSync(locationId, { phone })!;
      }),
    readLive: async (key, scope) => readLiveSync(key, scope),
    configVersion: async (locationId) => sqliteConnection().stmt.configVersion.get(locationId) ?? null,
    commitBatch: (key, scope, plan) =>
      withBusyRetry(() => {
        const { db } = sqliteConnection();
        db.transaction(() => writeBatch(key, plan(readLiveSync(key, scope)))).immediate();
      }),
    claimWebhooks: (now, leaseUntil, limit, { perLocation, skipLocations }) =>
      withBusyRetry(() =>
        sqliteConnection().stmt.claimWebhooks.all(
          sqliteDate(leaseUntil),
          sqliteDate(now),
          JSON.stringify(skipLocations),
          perLocation,
          limit,
        ),
      ),
  };
}

function toLiveInstance(row: InstanceRow): Store.LiveInstance {
  return {
    id: row.id,
    status: row.status as InstanceStatus,
    statusReason: row.statusReason as StatusReason | null,
    healthScore: row.healthScore,
    firstConnectedAt: row.firstConnectedAt === null ? null : Date.parse(row.firstConnectedAt),
    sendsToday: row.sendsToday,
    nextSlotAt: row.nextSlotAt === null ? null : Date.parse(row.nextSlotAt),
    hours: {},
    newContacts: {},
  };
}

function writeBatch(key: Store.ChannelKey, writes: Store.BatchWrites): void {
  const { stmt } = sqliteConnection();
  for (const m of writes.messages)
    stmt.insertMessage.run({ ...m, createdAt: sqliteDate(m.createdAt), sentAt: m.sentAt && sqliteDate(m.sentAt) });
  for (const o of writes.outbox) {
    const at = sqliteDate(o.createdAt);
    stmt.insertOutbox.run(o.id, o.locationId, o.messageId, o.instanceId, sqliteDate(o.nextAttemptAt), at, at);
  }
  for (const p of writes.pacing) stmt.upsertPacing.run(p.instanceId, sqliteDate(p.nextSlotAt));
  for (const h of writes.hourCounters) stmt.addHour.run(h.instanceId, h.hour, h.add);
  for (const n of writes.newContacts) stmt.addNewContacts.run(n.instanceId, n.day, n.locationId, n.channel, n.add);
  for (const r of writes.reached) stmt.insertReached.run(r.instanceId, r.contactId, sqliteDate(r.firstAt));
  for (const b of writes.bindings) {
    if (b.instanceId) stmt.upsertBinding.run(b.contactId, b.channel, b.locationId, b.instanceId, sqliteDate(b.at));
    else stmt.deleteBinding.run(b.contactId, b.channel);
  }
  for (const e of writes.events) stmt.insertEvent.run(e.locationId, e.type, e.payload, sqliteDate(e.createdAt));
  if (writes.rotation) stmt.upsertRotation.run(key.locationId, key.channel, writes.rotation.state, sqliteDate(writes.rotation.at));
  for (const c of writes.counters) stmt.addCounter.run(c.instanceId, c.day, c.locationId, c.channel, c.add);
  for (const w of writes.webhooks) {
    const at = sqliteDate(w.createdAt);
    stmt.insertWebhook.run(w.id, w.locationId, w.eventType, w.webhookId, w.url, w.payload, at, at);
  }
  for (const i of writes.idempotency) stmt.completeIdempotency.run(i.status, i.body, i.id);
}

const RETRY_FOR_MS = 5_000;

/** Runs a synchronous write, yielding and retrying while another connection holds the lock. */
export async function withBusyRetry<T>(run: () => T): Promise<T> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
    try {
      return run();
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (!code.startsWith("SQLITE_BUSY") && !code.startsWith("SQLITE_LOCKED")) throw error;
      if (Date.now() > deadline) throw new AppError("busy", "The database is busy: retry in a moment.", { status: 503 });
      await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait));
    }
  }
}
