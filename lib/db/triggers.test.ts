// The hand-written triggers (Event seq, Location.configVersion) behave the same on both
// databases: each case runs on a fresh migrated SQLite file and a fresh PostgreSQL database.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/e2e/support/vitest/each-database";
import type { createPrismaClient } from "@/lib/db/create-client";

type Db = ReturnType<typeof createPrismaClient>;
type Fixture = { locationId: string; userId: string; instanceId: string; userInstanceId?: string };

await describeEachDatabase("triggers", (database) => {
  let db: Db;
  beforeAll(() => void (db = database.db));

  it("numbers events 1, 2, 3 per location, interleaved", async () => {
    const [a, b] = [await newLocation(db), await newLocation(db)];
    for (const locationId of [a, b, a, b, a, b]) await db.event.create({ data: { locationId, type: "test", payload: "{}" } });
    for (const locationId of [a, b]) {
      const events = await db.event.findMany({ where: { locationId }, orderBy: { id: "asc" }, select: { seq: true } });
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    }
  });

  // What the routing configuration cache depends on bumps configVersion by exactly one;
  // the live fields the send reads under its lock do not bump it at all.
  type Change = {
    name: string;
    bump: number;
    setup?: (db: Db, f: Fixture) => Promise<void>;
    change: (db: Db, f: Fixture) => Promise<unknown>;
  };
  const withAssignment = async (db: Db, f: Fixture) => void (f.userInstanceId = (await assign(db, f)).id);
  const changes: Change[] = [
    {
      name: "instance insert",
      bump: 1,
      change: (db, f) => db.instance.create({ data: { locationId: f.locationId, channel: "sms", index: 1, label: "SMS 1" } }),
    },
    { name: "instance label", bump: 1, change: (db, f) => db.instance.update({ where: { id: f.instanceId }, data: { label: "Renamed" } }) },
    {
      name: "instance isDefault",
      bump: 1,
      change: (db, f) => db.instance.update({ where: { id: f.instanceId }, data: { isDefault: true, defaultChannel: "whatsapp" } }),
    },
    { name: "instance delete", bump: 1, change: (db, f) => db.instance.delete({ where: { id: f.instanceId } }) },
    {
      name: "instance status",
      bump: 0,
      change: (db, f) => db.instance.update({ where: { id: f.instanceId }, data: { status: "connected", statusReason: null } }),
    },
    {
      name: "instance healthScore",
      bump: 0,
      change: (db, f) => db.instance.update({ where: { id: f.instanceId }, data: { healthScore: 55 } }),
    },
    {
      name: "instance statusChangedAt",
      bump: 0,
      change: (db, f) => db.instance.update({ where: { id: f.instanceId }, data: { statusChangedAt: new Date() } }),
    },
    {
      name: "instance firstConnectedAt",
      bump: 0,
      change: (db, f) => db.instance.update({ where: { id: f.instanceId }, data: { firstConnectedAt: new Date() } }),
    },
    { name: "userInstance insert", bump: 1, change: (db, f) => assign(db, f) },
    {
      name: "userInstance update",
      bump: 1,
      setup: withAssignment,
      change: (db, f) => db.userInstance.update({ where: { id: f.userInstanceId }, data: { channel: "sms" } }),
    },
    {
      name: "userInstance delete",
      bump: 1,
      setup: withAssignment,
      change: (db, f) => db.userInstance.delete({ where: { id: f.userInstanceId } }),
    },
    {
      name: "membership insert",
      bump: 1,
      change: async (db, f) => db.membership.create({ data: { userId: (await newUser(db)).id, locationId: f.locationId, role: "agent" } }),
    },
    {
      name: "membership update",
      bump: 1,
      change: (db, f) => db.membership.updateMany({ where: { userId: f.userId }, data: { role: "support" } }),
    },
    { name: "membership delete", bump: 1, change: (db, f) => db.membership.deleteMany({ where: { userId: f.userId } }) },
    { name: "user rename", bump: 1, change: (db, f) => db.user.update({ where: { id: f.userId }, data: { name: "Renamed" } }) },
    {
      name: "user password change",
      bump: 0,
      change: (db, f) => db.user.update({ where: { id: f.userId }, data: { passwordHash: "other" } }),
    },
    { name: "location settings", bump: 1, change: (db, f) => db.location.update({ where: { id: f.locationId }, data: { minHealth: 55 } }) },
  ];
  it.each(changes)("configVersion: $name bumps it by $bump", async ({ setup, change, bump }) => {
    const f = await fixture(db);
    await setup?.(db, f);
    const before = await configVersion(db, f.locationId);
    await change(db, f);
    expect(await configVersion(db, f.locationId)).toBe(before + bump);
  });

  it("deletes a location with everything under it", async () => {
    const f = await fixture(db);
    await assign(db, f);
    await db.event.create({ data: { locationId: f.locationId, type: "test", payload: "{}" } });
    await db.location.delete({ where: { id: f.locationId } });
    const where = { locationId: f.locationId };
    const left = await Promise.all([
      db.instance.count({ where }),
      db.membership.count({ where }),
      db.userInstance.count({ where }),
      db.event.count({ where }),
      db.eventStream.count({ where }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0]);
    expect(await db.user.count({ where: { id: f.userId } })).toBe(1);
  });

  // Only PostgreSQL lets two transactions write at once; SQLite serialises them by design.
  if (database.kind === "PostgreSQL") {
    it("orders concurrent seqs by commit and notifies after commit", async () => {
      const locationId = await newLocation(db);
      const [first, second, listener] = [0, 1, 2].map(() => new pg.Client({ connectionString: database.url }));
      await Promise.all([first, second, listener].map((c) => c.connect()));
      try {
        const heard: string[] = [];
        listener.on("notification", (n) => heard.push(n.payload ?? ""));
        await listener.query("LISTEN nr_events");
        const insert = (c: pg.Client) =>
          c.query<{ seq: number }>(`INSERT INTO "Event" ("locationId", "type", "payload") VALUES ($1, 'test', '{}') RETURNING "seq"`, [
            locationId,
          ]);
        const secondPid = (await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;

        await first.query("BEGIN");
        const firstSeq = (await insert(first)).rows[0].seq;
        await second.query("BEGIN");
        let secondDone = false;
        const secondInsert = insert(second).then((r) => {
          secondDone = true;
          return r.rows[0].seq;
        });
        await waitFor(
          async () =>
            (await db.$queryRaw<{ w: string | null }[]>`SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = ${secondPid}`)[0]
              ?.w === "Lock",
        );
        expect(secondDone).toBe(false); // blocked on the EventStream row until the first commits
        await sleep(100);
        expect(heard).toEqual([]); // nothing is announced before commit

        await first.query("COMMIT");
        expect(await secondInsert).toBe(firstSeq + 1);
        await second.query("COMMIT");
        await waitFor(async () => heard.length === 2);
        expect(heard).toEqual([locationId, locationId]);
      } finally {
        await Promise.all([first, second, listener].map((c) => c.end()));
      }
    });
  }
});

async function newLocation(db: Db) {
  return (await db.location.create({ data: { name: "Triggers" } })).id;
}

function newUser(db: Db) {
  return db.user.create({ data: { email: `${randomUUID()}@example.test`, name: "Agent", passwordHash: "x" } });
}

/** A location with one member and one WhatsApp instance. */
async function fixture(db: Db): Promise<Fixture> {
  const locationId = await newLocation(db);
  const user = await newUser(db);
  await db.membership.create({ data: { userId: user.id, locationId, role: "agent" } });
  const instance = await db.instance.create({ data: { locationId, channel: "whatsapp", index: 1, label: "WA 1" } });
  return { locationId, userId: user.id, instanceId: instance.id };
}

function assign(db: Db, f: Fixture) {
  return db.userInstance.create({ data: { locationId: f.locationId, userId: f.userId, channel: "whatsapp", instanceId: f.instanceId } });
}

async function configVersion(db: Db, id: string) {
  return (await db.location.findUniqueOrThrow({ where: { id }, select: { configVersion: true } })).configVersion;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await sleep(20);
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
