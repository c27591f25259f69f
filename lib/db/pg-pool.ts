import "server-only";
// One pg pool per process on PostgreSQL, shared by the Prisma client (through @prisma/adapter-pg)
// and the hand-written SQL of lib/db (the send path, claims): one limit on connections per process.
// The pool's own type parsers are left alone; the SQL here never reads a timestamp column (it
// reads epoch milliseconds) and writes timestamps as UTC text (`pgTimestamp`).
import pg from "pg";
import { databaseUrl } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

const POOL_SIZE = 10;
export function pgPool(): pg.Pool {
  return processSingleton("pg-pool", () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: POOL_SIZE });
    // An idle client that loses its server emits here; without a listener the process would crash.
    pool.on("error", (error) => console.error("[db] idle PostgreSQL connection failed:", error.message));
    return pool;
  });
}

/** A `timestamp(3)` (UTC, no zone, as Prisma stores DateTime) written from a Date. */
export function pgTimestamp(date: Date): string {
  return date.toISOString().slice(0, -1);
}

/** Runs `work` in one transaction on one pooled connection; rolls back on any error. */
export async function withPgTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
