import "server-only";
// The send path on PostgreSQL, through pg with hand-written SQL (docs/decisions/006-scale-out.md).
// A batch is one transaction: it first takes the transaction-scoped advisory lock of its
// location+channel, then reads the live state under it, so two processes can never decide from the same rotation state or counter.
// Writes are one multi-row statement per table (unnest of arrays), whatever the batch size.
import { createHash, randomUUID } from "node:crypto";
import type pg from "pg";
import { pgPool, pgTimestamp, withPgTransaction } from "@/lib/db/pg-pool";
import type * as Store from "@/lib/db/send-store";
import type { ChannelRotationState } from "@/lib/engine/types";

type Queryable = Pick<pg.PoolClient, "query">;

const CONTACT_SQL = `SELECT c.id, c.phone, c."assignedUserId",
  COALESCE((SELECT array_agg(t.value ORDER BY t.position) FROM "ContactTag" t WHERE t."contactId" = c.id), '{}') AS tags
  FROM "Contact" c`;

// One round trip: the channel's state, its instances with today's counts and pacing slot, the
// pacing counts of this hour and later ($4) and new contacts of today and later, and which of the
// batch's contacts ($5) each instance has messaged before.
const LIVE_SQL = `SELECT
  (SELECT "configVersion" FROM "Location" WHERE id = $1) AS "configVersion",
  (SELECT state FROM "RotationState" WHERE "locationId" = $1 AND channel = $2) AS rotation,
  COALESCE((SELECT json_agg(json_build_object(
      'id', i.id, 'status', i.status, 'statusReason', i."statusReason", 'healthScore', i."healthScore",
      'firstConnectedAt', (extract(epoch FROM i."firstConnectedAt") * 1000)::bigint, 'sendsToday', COALESCE(c.sends, 0),
      'nextSlotAt', (extract(epoch FROM p."nextSlotAt") * 1000)::bigint))
    FROM "Instance" i LEFT JOIN "SendCounter" c ON c."instanceId" = i.id AND c.day = $3
    LEFT JOIN "InstancePacing" p ON p."instanceId" = i.id
    WHERE i."locationId" = $1 AND i.channel = $2), '[]') AS instances,
  COALESCE((SELECT json_agg(json_build_array(h."instanceId", h.hour, h.sends))
    FROM "HourCounter" h JOIN "Instance" i ON i.id = h."instanceId"
    WHERE i."locationId" = $1 AND i.channel = $2 AND h.hour >= $4), '[]') AS hours,
  COALESCE((SELECT json_agg(json_build_array(c."instanceId", c.day, c."newContacts"))
    FROM "SendCounter" c WHERE c."locationId" = $1 AND c.channel = $2 AND c.day >= $3 AND c."newContacts" > 0), '[]') AS "newContacts",
  COALESCE((SELECT array_agg(r."instanceId" || '|' || r."contactId")
    FROM "InstanceContact" r JOIN "Instance" i ON i.id = r."instanceId"
    WHERE r."contactId" = ANY($5::text[]) AND i."locationId" = $1 AND i.channel = $2), '{}') AS reached,
  COALESCE((SELECT json_agg(json_build_array(b."contactId", b."instanceId", (extract(epoch FROM b.at) * 1000)::bigint))
    FROM "ConversationBinding" b WHERE b."contactId" = ANY($5::text[]) AND b.channel = $2), '[]') AS bindings,
  COALESCE((SELECT json_agg(json_build_array(m."contactId", m.at)) FROM (
    SELECT "contactId", (extract(epoch FROM MAX("receivedAt")) * 1000)::bigint AS at FROM "InboundMessage"
    WHERE "locationId" = $1 AND "contactId" = ANY($5::text[]) GROUP BY "contactId") m), '[]') AS "lastInbound"`;

export function postgresSendStore(): Store.SendStore {
  const findContact = async (locationId: string, by: { id: string } | { phone: string }, client: Queryable = pgPool()) => {
    const { rows } =
      "id" in by
        ? await client.query<Store.StoredContact>(`${CONTACT_SQL} WHERE c.id = $1 AND c."locationId" = $2`, [by.id, locationId])
        : await client.query<Store.StoredContact>(`${CONTACT_SQL} WHERE c."locationId" = $1 AND c.phone = $2`, [locationId, by.phone]);
    return rows[0] ?? null;
  };
  return {
    findContact: (locationId, by) => findContact(locationId, by),
    async findOrCreateContact(locationId, phone) {
      const now = pgTimestamp(new Date());
      // A separate statement after the insert: under READ COMMITTED it sees a row a concurrent
      // first send committed while our insert waited on it.
      await pgPool().query(
        `INSERT INTO "Contact" (id, "locationId", phone, name, "createdAt", "updatedAt") VALUES ($1, $2, $3, '', $4::timestamp, $4::timestamp)
         ON CONFLICT ("locationId", phone) DO NOTHING`,
        [randomUUID(), locationId, phone, now],
      );
      return (await findContact(locationId, { phone }))!;
    },
    readLive: (key, scope) => readLive(pgPool(), key, scope),
    async configVersion(locationId) {
      const { rows } = await pgPool().query<{ configVersion: number }>(`SELECT "configVersion" FROM "Location" WHERE id = $1`, [
        locationId,
      ]);
      return rows[0]?.configVersion ?? null;
    },
    commitBatch: (key, scope, plan) =>
      withRetryOnConflict(() =>
        withPgTransaction(async (client) => {
          await client.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [lockKey(key)]);
          await writeBatch(client, key, plan(await readLive(client, key, scope)));
        }),
      ),
    async claimWebhooks(now, leaseUntil, limit, { perLocation, skipLocations }) {
      // The ranking (a window function) cannot share a level with FOR UPDATE; the locking level
      // repeats the due conditions so a row another process claimed meanwhile is re-checked.
      const { rows } = await pgPool().query<Store.ClaimedWebhook>(
        `UPDATE "WebhookDelivery" SET "nextAttemptAt" = $1::timestamp WHERE id IN (
           SELECT d.id FROM "WebhookDelivery" d
           WHERE d.status = 'pending' AND d."nextAttemptAt" <= $2::timestamp AND d.id IN (
             SELECT id FROM (
               SELECT id, row_number() OVER (PARTITION BY "locationId" ORDER BY "nextAttemptAt", id) AS rank
               FROM "WebhookDelivery"
               WHERE status = 'pending' AND "nextAttemptAt" <= $2::timestamp AND NOT ("locationId" = ANY($4::text[]))
             ) ranked WHERE rank <= $5
           )
           ORDER BY d."nextAttemptAt" LIMIT $3 FOR UPDATE SKIP LOCKED
         ) RETURNING id, "locationId", "webhookId", url, payload, attempts`,
        [pgTimestamp(leaseUntil), pgTimestamp(now), limit, skipLocations, perLocation],
      );
      return rows;
    },
  };
}

type LiveRow = {
  configVersion: number | null;
  rotation: string | null;
  instances: Omit<Store.LiveInstance, "hours" | "newContacts">[];
  hours: [string, string, number][];
  newContacts: [string, string, number][];
  reached: string[];
  bindings: [string, string, number | string][];
  lastInbound: [string, number | string][];
};

async function readLive(client: Queryable, key: Store.ChannelKey, scope: Store.LiveScope): Promise<Store.LiveState> {
  const { rows } = await client.query<LiveRow>(LIVE_SQL, [key.locationId, key.channel, scope.day, scope.hour, scope.contactIds]);
  const row = rows[0];
  const instances: Store.LiveInstance[] = row.instances.map((i) => ({
    ...i,
    firstConnectedAt: i.firstConnectedAt === null ? null : Number(i.firstConnectedAt),
    nextSlotAt: i.nextSlotAt === null ? null : Number(i.nextSlotAt),
    hours: {},
    newContacts: {},
  }));
  const byId = new Map(instances.map((i) => [i.id, i]));
  for (const [instanceId, hour, sends] of row.hours) {
    const i = byId.get(instanceId);
    if (i) i.hours[hour] = sends;
  }
  for (const [instanceId, day, count] of row.newContacts) {
    const i = byId.get(instanceId);
    if (i) i.newContacts[day] = count;
  }
  return {
    configVersion: row.configVersion,
    rotation: row.rotation ? (JSON.parse(row.rotation) as ChannelRotationState) : null,
    instances,
    reached: new Set(row.reached),
    bindings: new Map(row.bindings.map(([contactId, instanceId, at]) => [contactId, { instanceId, at: Number(at) }])),
    lastInbound: new Map(row.lastInbound.map(([contactId, at]) => [contactId, Number(at)])),
  };
}

/**
 * A signed 64-bit advisory lock key per location+channel (a collision only serialises more). Its
 * name is spelt out here, not borrowed from the send queue's key: every process on the database,
 * whichever release it runs, must derive the same lock.
 */
function lockKey(key: Store.ChannelKey): string {
  return createHash("sha256").update(`nr:send:${key.locationId}|${key.channel}`).digest().readBigInt64BE(0).toString();
}

async function writeBatch(client: Queryable, key: Store.ChannelKey, w: Store.BatchWrites): Promise<void> {
  if (w.messages.length) {
    const m = w.messages;
    await client.query(
      `INSERT INTO "Message" (id, "locationId", channel, "contactId", "instanceId", "instanceIndex", "instancePhone", "instanceLabel",
         status, rule, "errorCode", "errorName", "requestedBody", body, trace, warnings, source, "sourceRef", "createdAt", "sentAt")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::timestamp[],
         $20::timestamp[])`,
      columns(m, [
        "id",
        "locationId",
        "channel",
        "contactId",
        "instanceId",
        "instanceIndex",
        "instancePhone",
        "instanceLabel",
        "status",
        "rule",
        "errorCode",
        "errorName",
        "requestedBody",
        "body",
        "trace",
        "warnings",
        "source",
        "sourceRef",
        "createdAt",
        "sentAt",
      ]),
    );
  }
  if (w.outbox.length) {
    const o = w.outbox;
    await client.query(
      `INSERT INTO "OutboxItem" (id, "locationId", "messageId", "instanceId", state, attempts, "nextAttemptAt", "createdAt", "updatedAt")
       SELECT u.id, u.l, u.m, u.i, 'pending', 0, u.due, u.at, u.at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[], $6::timestamp[]) AS u(id, l, m, i, due, at)`,
      columns(o, ["id", "locationId", "messageId", "instanceId", "nextAttemptAt", "createdAt"]),
    );
  }
  if (w.pacing.length) {
    await client.query(
      `INSERT INTO "InstancePacing" ("instanceId", "nextSlotAt") SELECT * FROM unnest($1::text[], $2::timestamp[])
       ON CONFLICT ("instanceId") DO UPDATE SET "nextSlotAt" = EXCLUDED."nextSlotAt"`,
      columns(w.pacing, ["instanceId", "nextSlotAt"]),
    );
  }
  if (w.hourCounters.length) {
    const h = w.hourCounters;
    await client.query(
      `INSERT INTO "HourCounter" ("instanceId", hour, sends) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
       ON CONFLICT ("instanceId", hour) DO UPDATE SET sends = "HourCounter".sends + EXCLUDED.sends`,
      columns(h, ["instanceId", "hour", "add"]),
    );
  }
  if (w.newContacts.length) {
    const n = w.newContacts;
    await client.query(
      `INSERT INTO "SendCounter" ("instanceId", day, "locationId", channel, sends, "newContacts")
       SELECT u.i, u.d, u.l, u.c, 0, u.n FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS u(i, d, l, c, n)
       ON CONFLICT ("instanceId", day) DO UPDATE SET "newContacts" = "SendCounter"."newContacts" + EXCLUDED."newContacts"`,
      columns(n, ["instanceId", "day", "locationId", "channel", "add"]),
    );
  }
  for (const b of w.bindings) {
    if (b.instanceId) {
      await client.query(
        `INSERT INTO "ConversationBinding" ("contactId", channel, "locationId", "instanceId", at, source) VALUES ($1, $2, $3, $4, $5::timestamp, 'outbound')
         ON CONFLICT ("contactId", channel) DO UPDATE SET "instanceId" = EXCLUDED."instanceId", at = EXCLUDED.at, source = EXCLUDED.source`,
        [b.contactId, b.channel, b.locationId, b.instanceId, pgTimestamp(b.at)],
      );
    } else {
      await client.query(`DELETE FROM "ConversationBinding" WHERE "contactId" = $1 AND channel = $2`, [b.contactId, b.channel]);
    }
  }
  if (w.reached.length) {
    const r = w.reached;
    await client.query(
      `INSERT INTO "InstanceContact" ("instanceId", "contactId", "firstAt") SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[])
       ON CONFLICT DO NOTHING`,
      columns(r, ["instanceId", "contactId", "firstAt"]),
    );
  }
  if (w.events.length) {
    // Row by row in array order: the Event trigger gives each its seq under the stream's row lock.
    await client.query(
      `INSERT INTO "Event" ("locationId", type, payload, "createdAt") SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[])`,
      columns(w.events, ["locationId", "type", "payload", "createdAt"]),
    );
  }
  if (w.rotation) {
    await client.query(
      `INSERT INTO "RotationState" ("locationId", channel, state, "updatedAt") VALUES ($1, $2, $3, $4::timestamp)
       ON CONFLICT ("locationId", channel) DO UPDATE SET state = EXCLUDED.state, "updatedAt" = EXCLUDED."updatedAt"`,
      [key.locationId, key.channel, w.rotation.state, pgTimestamp(w.rotation.at)],
    );
  }
  if (w.counters.length) {
    await client.query(
      `INSERT INTO "SendCounter" ("instanceId", day, "locationId", channel, sends) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT ("instanceId", day) DO UPDATE SET sends = "SendCounter".sends + EXCLUDED.sends`,
      columns(w.counters, ["instanceId", "day", "locationId", "channel", "add"]),
    );
  }
  if (w.webhooks.length) {
    const h = w.webhooks;
    await client.query(
      `INSERT INTO "WebhookDelivery" (id, "locationId", "eventType", "webhookId", url, payload, status, attempts, "nextAttemptAt", "createdAt")
       SELECT u.id, u.l, u.e, u.w, u.url, u.p, 'pending', 0, u.at, u.at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[]) AS u(id, l, e, w, url, p, at)`,
      columns(h, ["id", "locationId", "eventType", "webhookId", "url", "payload", "createdAt"]),
    );
  }
  if (w.idempotency.length) {
    const i = w.idempotency;
    await client.query(
      `UPDATE "IdempotencyRecord" r SET state = 'done', "responseStatus" = u.status, "responseBody" = u.body
       FROM unnest($1::text[], $2::int[], $3::text[]) AS u(id, status, body) WHERE r.id = u.id`,
      columns(i, ["id", "status", "body"]),
    );
  }
}

/** One array a column, in the statement's order, for `unnest($1::text[], …)`; dates as PostgreSQL timestamps. */
function columns<T>(rows: T[], keys: (keyof T)[]): unknown[][] {
  return keys.map((key) =>
    rows.map((row) => {
      const value = row[key];
      return value instanceof Date ? pgTimestamp(value) : value;
    }),
  );
}

const CONFLICT_CODES = new Set(["40P01", "40001"]); // deadlock detected, serialization failure

async function withRetryOnConflict<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !CONFLICT_CODES.has((error as { code?: string }).code ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 * Math.random()));
    }
  }
}
