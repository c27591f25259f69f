// Throwaway PostgreSQL databases: the schema engine's shadow database (`npm run db:diff`) and the
// tests' databases (e2e/support/databases.ts). Every caller gets its own database, never a shared
// one, so parallel test workers and repeated runs cannot see each other's rows.
import { randomBytes } from "node:crypto";
import pg from "pg";

const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * The PostgreSQL server that scratch databases are created on. Tooling, not app configuration
 * (lib/env.ts is the app's), so it reads its one variable here.
 */
export function scratchServerUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_SERVER_URL;
}

/** Creates an empty database `nr_<prefix>_<random>` and returns its URL and a way to drop it. */
export async function createScratchDatabase(
  prefix = "test",
  serverUrl = scratchServerUrl(),
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `nr_${prefix.replace(/\W+/g, "_").toLowerCase()}_${randomBytes(5).toString("hex")}`;
  await onServer(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // WITH (FORCE) ends sessions a failed caller left open (a pool, a LISTEN client).
    drop: () => onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** Runs `run` on one short-lived connection to `serverUrl` (CREATE/DROP DATABASE need no pool). */
export async function onServer<T>(serverUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}
