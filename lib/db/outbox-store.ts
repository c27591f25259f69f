import "server-only";
// The outbox's storage (SPEC §5, §6): claiming due items so each is worked on by one process at a
// time, and recording the common outcome (the gateway took it) in batches. Hand-written SQL, one
// implementation per database, like the send path (docs/decisions/004, 006):
// - a claim takes due items whose lease is free, expired, or held by a process whose heartbeat
//   stopped (lib/processes/app-process: known dead within seconds), and leases them to this
//   process. An item claimed while a previous lease was never released may have been sent by the
//   crashed holder: the claim marks it `unknownSince`, and the dispatcher asks the gateway before
//   sending anything again. SQLite: one UPDATE … RETURNING under the database's write lock;
//   PostgreSQL: FOR UPDATE SKIP LOCKED.
// - `markSent` writes, per item in one transaction, the message's `sent` (only from queued or
//   scheduled: a report that overtook us wins), its timeline row and live event, and closes the item.
import { randomUUID } from "node:crypto";
import { dialectOf } from "@/lib/db/dialect";
import { pgPool, pgTimestamp, withPgTransaction } from "@/lib/db/pg-pool";
import { sqliteConnection, sqliteDate, withBusyRetry } from "@/lib/db/send-store-sqlite";
import { databaseUrl } from "@/lib/env";

/** A claimed item with what its attempt needs (message, contact, instance's connection, location). */
export type ClaimedItem = {
  id: string;
  locationId: string;
  messageId: string;
  instanceId: string;
  attempts: number;
  createdAt: number;
  firstAttemptAt: number | null;
  unknownSince: number | null;
  lastError: string | null;
  channel: string;
  contactId: string;
  contactPhone: string;
  body: string;
  messageStatus: string;
  providerMessageId: string | null;
  instancePhone: string | null;
  instanceStatus: string;
  instanceStatusReason: string | null;
  gatewayKind: string | null;
  gatewayUrl: string | null;
  gatewayConfig: string | null;
  gatewayCredentials: string | null;
  inboundToken: string | null;
  pacingMinIntervalSeconds: number | null;
  pacingJitterSeconds: number | null;
  pacingOverride: number | boolean;
  locationMinIntervalSeconds: number | null;
  locationJitterSeconds: number | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
};

/** `event`: the message.status_changed event to append when the message really moves to sent. */
export type SentRecord = {
  item: ClaimedItem;
  providerMessageId: string | null;
  detail: string;
  at: Date;
  event: { type: string; payload: string };
};

/**
 * Releases an item for another turn (retry, lookup later, a pacing slot) without an outcome yet.
 * Never earlier than the item's stored due time: a claimed item was due, so that is later only
 * when a send-window change moved it while it was in flight (lib/delivery/retime-scheduled.ts).
 */
export type Release = {
  id: string;
  nextAttemptAt: Date;
  /** Counted attempt (a send or a lookup went out). */
  attempted: boolean;
  firstAttemptAt: Date | null;
  unknownSince: Date | null;
  lastError: string | null;
};

export interface OutboxStore {
  claim(now: Date, leaseUntil: Date, owner: string, deadBefore: Date, limit: number): Promise<ClaimedItem[]>;
  markSent(records: SentRecord[]): Promise<void>;
  release(release: Release): Promise<void>;
  /** Closes an item whose message reached a final state elsewhere (failed, or sent found by a lookup). */
  close(id: string, state: "done" | "failed", lastError: string | null): Promise<void>;
  /**
   * Takes the instance's sending slot for a paced send: succeeds when its last send is at least
   * `intervalMs` ago (conditional update: across processes, one wins); else answers when it frees.
   */
  takeSendSlot(instanceId: string, now: Date, intervalMs: number): Promise<{ ok: true } | { ok: false; freeAt: number }>;
  /**
   * Moves the instance's last send to when the request finished: the next paced send waits the
   * interval from there, so two requests reach the gateway at least the interval apart however
   * long the first one took to leave this process.
   */
  finishSendSlot(instanceId: string, at: Date): Promise<void>;
  /**
   * The earliest due time of a pending item no process holds (the dispatcher sleeps until then, at
   * most a second). A held item is not due: counting it made every other process claim in a loop
   * for as long as a send was in flight; its holder's release or death is seen at the next tick.
   */
  nextDue(): Promise<number | null>;
}

const DETAIL_COLUMNS = `o.id, o."locationId", o."messageId", o."instanceId", o.attempts, o."createdAt", o."firstAttemptAt", o."unknownSince",
  o."lastError", m.channel, m."contactId", c.phone AS "contactPhone", m.body, m.status AS "messageStatus", m."providerMessageId",
  i.phone AS "instancePhone", i.status AS "instanceStatus", i."statusReason" AS "instanceStatusReason", i."gatewayKind", i."gatewayUrl",
  i."gatewayConfig", i."gatewayCredentials", i."inboundToken", i."pacingMinIntervalSeconds", i."pacingJitterSeconds", i."pacingOverride",
  l."pacingMinIntervalSeconds" AS "locationMinIntervalSeconds", l."pacingJitterSeconds" AS "locationJitterSeconds", l."webhookUrl", l."webhookSecret"
  FROM "OutboxItem" o JOIN "Message" m ON m.id = o."messageId" JOIN "Contact" c ON c.id = m."contactId"
  JOIN "Instance" i ON i.id = o."instanceId" JOIN "Location" l ON l.id = o."locationId"`;

export function outboxStore(): OutboxStore {
  return dialectOf(databaseUrl()) === "postgres" ? postgresOutbox : sqliteOutbox;
}

type SqliteRow = Omit<ClaimedItem, "createdAt" | "firstAttemptAt" | "unknownSince"> & {
  createdAt: string;
  firstAttemptAt: string | null;
  unknownSince: string | null;
};
const fromSqlite = (r: SqliteRow): ClaimedItem => ({
  ...r,
  createdAt: Date.parse(r.createdAt),
  firstAttemptAt: r.firstAttemptAt === null ? null : Date.parse(r.firstAttemptAt),
  unknownSince: r.unknownSince === null ? null : Date.parse(r.unknownSince),
});

const sqliteOutbox: OutboxStore = {
  claim: (now, leaseUntil, owner, deadBefore, limit) =>
    withBusyRetry(() => {
      const { db } = sqliteConnection();
      const n = sqliteDate(now);
      return db.transaction(() => {
        const ids = db
          .prepare<[{ now: string; leaseUntil: string; owner: string; deadBefore: string; limit: number }], string>(
            `UPDATE "OutboxItem" SET
               unknownSince = CASE WHEN leaseOwner IS NOT NULL THEN COALESCE(unknownSince, @now) ELSE unknownSince END,
               leaseUntil = @leaseUntil, leaseOwner = @owner, updatedAt = @now
             WHERE id IN (
               SELECT id FROM "OutboxItem"
               WHERE state = 'pending' AND nextAttemptAt <= @now AND (leaseOwner IS NULL OR leaseUntil <= @now
                 OR leaseOwner NOT IN (SELECT id FROM "AppProcess" WHERE heartbeatAt > @deadBefore))
               ORDER BY nextAttemptAt LIMIT @limit)
             RETURNING id`,
          )
          .pluck()
          .all({ now: n, leaseUntil: sqliteDate(leaseUntil), owner, deadBefore: sqliteDate(deadBefore), limit });
        if (!ids.length) return [];
        return db
          .prepare<[string], SqliteRow>(
            `SELECT ${DETAIL_COLUMNS} WHERE o.id IN (SELECT value FROM json_each(?)) ORDER BY o."nextAttemptAt"`,
          )
          .all(JSON.stringify(ids))
          .map(fromSqlite);
      })();
    }),
  markSent: (records) =>
    withBusyRetry(() => {
      const { db, stmt } = sqliteConnection();
      const sent = db.prepare(
        `UPDATE "Message" SET status = 'sent', sentAt = ?, statusChangedAt = ?, providerMessageId = COALESCE(providerMessageId, ?)
         WHERE id = ? AND status IN ('queued', 'scheduled')`,
      );
      const change = db.prepare(
        `INSERT INTO "MessageStatusChange" (id, locationId, messageId, status, detail, source, at) VALUES (?, ?, ?, 'sent', ?, 'dispatcher', ?)`,
      );
      const done = db.prepare(`UPDATE "OutboxItem" SET state = 'done', leaseOwner = NULL, leaseUntil = NULL, updatedAt = ? WHERE id = ?`);
      db.transaction(() => {
        for (const r of records) {
          const at = sqliteDate(r.at);
          if (sent.run(at, at, r.providerMessageId, r.item.messageId).changes === 1) {
            change.run(randomUUID(), r.item.locationId, r.item.messageId, r.detail, at);
            stmt.insertEvent.run(r.item.locationId, r.event.type, r.event.payload, at);
          }
          done.run(at, r.item.id);
        }
      }).immediate();
    }),
  release: (r) =>
    withBusyRetry(() => {
      sqliteConnection()
        .db.prepare(
          `UPDATE "OutboxItem" SET leaseOwner = NULL, leaseUntil = NULL, nextAttemptAt = MAX(?, nextAttemptAt), attempts = attempts + ?,
             firstAttemptAt = COALESCE(firstAttemptAt, ?), unknownSince = ?, lastError = COALESCE(?, lastError), updatedAt = ? WHERE id = ?`,
        )
        .run(...releaseValues(r, sqliteDate));
    }),
  close: (id, state, lastError) =>
    withBusyRetry(() => {
      sqliteConnection()
        .db.prepare(
          `UPDATE "OutboxItem" SET state = ?, leaseOwner = NULL, leaseUntil = NULL, lastError = COALESCE(?, lastError), updatedAt = ? WHERE id = ?`,
        )
        .run(state, lastError, sqliteDate(new Date()), id);
    }),
  takeSendSlot: (instanceId, now, intervalMs) =>
    withBusyRetry(() => {
      const { db } = sqliteConnection();
      return db
        .transaction(() => {
          const row = db
            .prepare<[string], { lastSentAt: string | null }>(`SELECT lastSentAt FROM "InstancePacing" WHERE instanceId = ?`)
            .get(instanceId);
          const last = row?.lastSentAt ? Date.parse(row.lastSentAt) : null;
          if (last !== null && last + intervalMs > now.getTime()) return { ok: false as const, freeAt: last + intervalMs };
          db.prepare(
            `INSERT INTO "InstancePacing" (instanceId, nextSlotAt, lastSentAt) VALUES (@instanceId, @now, @now)
             ON CONFLICT (instanceId) DO UPDATE SET lastSentAt = @now`,
          ).run({ instanceId, now: sqliteDate(now) });
          return { ok: true as const };
        })
        .immediate();
    }),
  finishSendSlot: (instanceId, at) =>
    withBusyRetry(() => {
      sqliteConnection()
        .db.prepare(
          `UPDATE "InstancePacing" SET lastSentAt = @at WHERE instanceId = @instanceId AND (lastSentAt IS NULL OR lastSentAt < @at)`,
        )
        .run({ instanceId, at: sqliteDate(at) });
    }),
  nextDue: async () => {
    const at = sqliteConnection()
      .db.prepare<[], string | null>(`SELECT MIN(nextAttemptAt) FROM "OutboxItem" WHERE state = 'pending' AND leaseOwner IS NULL`)
      .pluck()
      .get();
    return at ? Date.parse(at) : null;
  },
};

const PG_DETAIL = DETAIL_COLUMNS.replace(
  `o."createdAt", o."firstAttemptAt", o."unknownSince"`,
  `(extract(epoch FROM o."createdAt") * 1000)::float8 AS "createdAt",
  (extract(epoch FROM o."firstAttemptAt") * 1000)::float8 AS "firstAttemptAt", (extract(epoch FROM o."unknownSince") * 1000)::float8 AS "unknownSince"`,
);

const postgresOutbox: OutboxStore = {
  async claim(now, leaseUntil, owner, deadBefore, limit) {
    const n = pgTimestamp(now);
    const { rows } = await pgPool().query<{ id: string }>(
      `UPDATE "OutboxItem" o SET
         "unknownSince" = CASE WHEN o."leaseOwner" IS NOT NULL THEN COALESCE(o."unknownSince", $1::timestamp) ELSE o."unknownSince" END,
         "leaseUntil" = $2::timestamp, "leaseOwner" = $3, "updatedAt" = $1::timestamp
       WHERE o.id IN (
         SELECT id FROM "OutboxItem"
         WHERE state = 'pending' AND "nextAttemptAt" <= $1::timestamp AND ("leaseOwner" IS NULL OR "leaseUntil" <= $1::timestamp
           OR "leaseOwner" NOT IN (SELECT id FROM "AppProcess" WHERE "heartbeatAt" > $4::timestamp))
         ORDER BY "nextAttemptAt" LIMIT $5 FOR UPDATE SKIP LOCKED)
       RETURNING o.id`,
      [n, pgTimestamp(leaseUntil), owner, pgTimestamp(deadBefore), limit],
    );
    if (!rows.length) return [];
    const details = await pgPool().query<ClaimedItem>(`SELECT ${PG_DETAIL} WHERE o.id = ANY($1::text[]) ORDER BY o."nextAttemptAt"`, [
      rows.map((r) => r.id),
    ]);
    return details.rows;
  },
  markSent: (records) =>
    withPgTransaction(async (client) => {
      for (const r of records) {
        const at = pgTimestamp(r.at);
        const sent = await client.query(
          `UPDATE "Message" SET status = 'sent', "sentAt" = $1::timestamp, "statusChangedAt" = $1::timestamp,
             "providerMessageId" = COALESCE("providerMessageId", $2) WHERE id = $3 AND status IN ('queued', 'scheduled')`,
          [at, r.providerMessageId, r.item.messageId],
        );
        if (sent.rowCount === 1) {
          await client.query(
            `INSERT INTO "MessageStatusChange" (id, "locationId", "messageId", status, detail, source, at) VALUES ($1, $2, $3, 'sent', $4, 'dispatcher', $5::timestamp)`,
            [randomUUID(), r.item.locationId, r.item.messageId, r.detail, at],
          );
          await client.query(`INSERT INTO "Event" ("locationId", type, payload, "createdAt") VALUES ($1, $2, $3, $4::timestamp)`, [
            r.item.locationId,
            r.event.type,
            r.event.payload,
            at,
          ]);
        }
        await client.query(
          `UPDATE "OutboxItem" SET state = 'done', "leaseOwner" = NULL, "leaseUntil" = NULL, "updatedAt" = $1::timestamp WHERE id = $2`,
          [at, r.item.id],
        );
      }
    }),
  async release(r) {
    await pgPool().query(
      `UPDATE "OutboxItem" SET "leaseOwner" = NULL, "leaseUntil" = NULL, "nextAttemptAt" = GREATEST($1::timestamp, "nextAttemptAt"), attempts = attempts + $2,
         "firstAttemptAt" = COALESCE("firstAttemptAt", $3::timestamp), "unknownSince" = $4::timestamp, "lastError" = COALESCE($5, "lastError"),
         "updatedAt" = $6::timestamp WHERE id = $7`,
      releaseValues(r, pgTimestamp),
    );
  },
  async close(id, state, lastError) {
    await pgPool().query(
      `UPDATE "OutboxItem" SET state = $1, "leaseOwner" = NULL, "leaseUntil" = NULL, "lastError" = COALESCE($2, "lastError"), "updatedAt" = $3::timestamp WHERE id = $4`,
      [state, lastError, pgTimestamp(new Date()), id],
    );
  },
  async takeSendSlot(instanceId, now, intervalMs) {
    const n = pgTimestamp(now);
    // One statement: insert or update only when the last send is old enough; no row back = taken.
    const { rows } = await pgPool().query<{ ok: boolean }>(
      `INSERT INTO "InstancePacing" ("instanceId", "nextSlotAt", "lastSentAt") VALUES ($1, $2::timestamp, $2::timestamp)
       ON CONFLICT ("instanceId") DO UPDATE SET "lastSentAt" = EXCLUDED."lastSentAt"
         WHERE "InstancePacing"."lastSentAt" IS NULL OR "InstancePacing"."lastSentAt" <= $2::timestamp - ($3 || ' milliseconds')::interval
       RETURNING true AS ok`,
      [instanceId, n, String(intervalMs)],
    );
    if (rows.length) return { ok: true };
    const last = await pgPool().query<{ at: number }>(
      `SELECT (extract(epoch FROM "lastSentAt") * 1000)::float8 AS at FROM "InstancePacing" WHERE "instanceId" = $1`,
      [instanceId],
    );
    return { ok: false, freeAt: (last.rows[0]?.at ?? now.getTime()) + intervalMs };
  },
  async finishSendSlot(instanceId, at) {
    await pgPool().query(
      `UPDATE "InstancePacing" SET "lastSentAt" = $2::timestamp WHERE "instanceId" = $1 AND ("lastSentAt" IS NULL OR "lastSentAt" < $2::timestamp)`,
      [instanceId, pgTimestamp(at)],
    );
  },
  async nextDue() {
    const { rows } = await pgPool().query<{ at: number | null }>(
      `SELECT (extract(epoch FROM MIN("nextAttemptAt")) * 1000)::float8 AS at FROM "OutboxItem" WHERE state = 'pending' AND "leaseOwner" IS NULL`,
    );
    return rows[0]?.at ?? null;
  },
};

/** A release's values in the order both dialects' UPDATE takes them; `date` writes a time as the database stores it. */
function releaseValues(r: Release, date: (d: Date) => string) {
  return [
    date(r.nextAttemptAt),
    r.attempted ? 1 : 0,
    r.firstAttemptAt && date(r.firstAttemptAt),
    r.unknownSince && date(r.unknownSince),
    r.lastError,
    date(new Date()),
    r.id,
  ];
}
