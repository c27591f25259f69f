// The token bucket statement on both databases: a burst is spent once however many connections
// race for it, the level refills with time (capped at the burst), and buckets are independent.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresAvailable } from "@/e2e/support/databases";
import { migrateDatabase } from "@/lib/db/migrate";
import { postgresRateLimitStore, type RateLimitStore, sqliteRateLimitStore } from "@/lib/db/rate-limit-store";
import { createScratchDatabase } from "@/lib/db/scratch-database";

type Target = { url: string; drop: () => Promise<void>; stores: (n: number) => RateLimitStore[]; close: () => Promise<void> };

const pgUp = await postgresAvailable();

async function sqliteTarget(): Promise<Target> {
  const file = path.join(tmpdir(), `number-router-rate-limit-${randomUUID()}.db`);
  await migrateDatabase(`file:${file}`);
  const connections: Database.Database[] = [];
  return {
    url: `file:${file}`,
    // One connection per store, as separate processes have (busy_timeout 0, as the app's).
    stores: (n) =>
      Array.from({ length: n }, () => {
        const connection = new Database(file, { timeout: 0 });
        connection.pragma("journal_mode = WAL");
        connections.push(connection);
        return sqliteRateLimitStore(() => connection);
      }),
    close: async () => {
      for (const c of connections) c.close();
    },
    drop: async () => void (await Promise.all(["", "-wal", "-shm"].map((s) => rm(file + s, { force: true })))),
  };
}

async function postgresTarget(): Promise<Target> {
  const database = await createScratchDatabase("rate_limit");
  await migrateDatabase(database.url);
  const pools: pg.Pool[] = [];
  return {
    ...database,
    stores: (n) =>
      Array.from({ length: n }, () => {
        const pool = new pg.Pool({ connectionString: database.url, max: 4 });
        // Dropping the scratch database (WITH FORCE) can reach a client that is still closing;
        // its FATAL "terminating connection" must not become an uncaught error of the run.
        pool.on("error", () => undefined);
        pools.push(pool);
        return postgresRateLimitStore(() => pool);
      }),
    close: async () => void (await Promise.all(pools.map((p) => p.end()))),
  };
}

const targets = [
  { name: "SQLite", skip: false, open: sqliteTarget },
  { name: "PostgreSQL", skip: !pgUp, open: postgresTarget },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`rate limit buckets on ${target.name}`, () => {
    let t: Target;
    beforeAll(async () => void (t = await target.open()));
    afterAll(async () => {
      await t?.close();
      await t?.drop();
    });

    it("a burst of 10 is spent exactly once by 60 concurrent requests from 3 connections", async () => {
      const stores = t.stores(3);
      const key = `k-${randomUUID()}`;
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => stores[i % 3].take({ key, perSecond: 0.001, burst: 10, now })),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(Math.min(...results.map((r) => r.tokens))).toBeGreaterThanOrEqual(0);
    });

    it("refills with elapsed time up to the burst, one token per 1/rate seconds", async () => {
      const [store] = t.stores(1);
      const key = `k-${randomUUID()}`;
      const take = (now: number) => store.take({ key, perSecond: 5, burst: 10, now });
      const t0 = 1_000_000;
      for (let i = 0; i < 10; i++) expect((await take(t0)).allowed).toBe(true);
      expect(await take(t0)).toEqual({ allowed: false, tokens: 0 });
      expect((await take(t0 + 100)).allowed).toBe(false); // half a token
      expect(await take(t0 + 200)).toMatchObject({ allowed: true }); // 0.5 + 0.5 = one token
      expect((await take(t0 + 200)).allowed).toBe(false);
      expect((await take(t0 + 60_000)).tokens).toBeCloseTo(9); // capped at the burst, minus this one
      expect((await take(t0 - 5_000)).tokens).toBeCloseTo(8); // a clock behind refills nothing
    });

    // UNLOGGED is PostgreSQL's (SQLite has no WAL flush per table to skip).
    if (target.name === "PostgreSQL") {
      it("the buckets table is UNLOGGED: a take does not wait for a WAL flush", async () => {
        const client = new pg.Client({ connectionString: t.url });
        await client.connect();
        const { rows } = await client.query(`SELECT relpersistence FROM pg_class WHERE relname = 'RateLimitBucket'`);
        await client.end();
        expect(rows).toEqual([{ relpersistence: "u" }]);
      });
    }

    it("keys are independent", async () => {
      const [store] = t.stores(1);
      const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
      expect((await store.take({ key: a, perSecond: 1, burst: 1, now: 5 })).allowed).toBe(true);
      expect((await store.take({ key: a, perSecond: 1, burst: 1, now: 5 })).allowed).toBe(false);
      expect((await store.take({ key: b, perSecond: 1, burst: 1, now: 5 })).allowed).toBe(true);
    });
  });
}
