// Throwaway PostgreSQL databases for tests and for the schema engine's shadow database.
// Every caller gets its own database (never a shared one), so parallel Vitest workers and
// repeated runs cannot see each other's rows; `drop` removes it even with connections left open.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import pg from "pg";

const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * The PostgreSQL server that scratch databases are created on. Test tooling, not app
 * configuration (lib/env.ts is the app's), so it reads its one variable here.
 */
export function scratchServerUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_SERVER_URL;
}

/**
 * Whether the scratch server answers: on a laptop without PostgreSQL its tests skip themselves;
 * in CI (`CI` set, as .ci/run does) a missing server is an error, never a silent skip.
 */
export async function postgresAvailable(serverUrl = scratchServerUrl()): Promise<boolean> {
  const up = await answers(serverUrl);
  if (!up && process.env.CI) throw new Error(`PostgreSQL does not answer at ${serverUrl}: CI needs it (see .ci/run).`);
  return up;
}

async function answers(serverUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates an empty database `nr_<prefix>_<random>` and returns its URL and a way to drop it. */
export async function createTestDatabase(
  prefix = "test",
  serverUrl = scratchServerUrl(),
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `nr_${prefix.replace(/\W+/g, "_").toLowerCase()}_${randomBytes(5).toString("hex")}`;
  await onServer(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // WITH (FORCE) ends sessions a failed test left open (a pool, a LISTEN client).
    drop: () => onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * Drops the database `url` names (SQLite: its file and side files), ending open sessions. Its
 * server is the URL's own, reached through its `postgres` database.
 */
export async function dropDatabase(url: string): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    const file = url.startsWith("file:") ? url.slice("file:".length) : url;
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    return;
  }
  const { server, name } = splitUrl(url);
  await onServer(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Drops and creates the database `url` names again, empty (the e2e server's fresh start). */
export async function emptyDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  if (!/^postgres(ql)?:\/\//.test(url)) return;
  const { server, name } = splitUrl(url);
  await onServer(server, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
}

function splitUrl(url: string): { server: string; name: string } {
  const server = new URL(url);
  const name = decodeURIComponent(server.pathname.slice(1));
  server.pathname = "/postgres";
  return { server: server.toString(), name };
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function onServer<T>(serverUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}
