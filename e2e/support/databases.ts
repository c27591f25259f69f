// Test databases, for Vitest, Playwright and the scripts that run them: whether the scratch
// PostgreSQL server answers, a fresh SQLite file, and emptying or dropping a database by URL.
// Creating a PostgreSQL database is lib/db/scratch-database.ts (the schema engine needs it too).
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { onServer, scratchServerUrl } from "@/lib/db/scratch-database";

export type TestDatabase = { url: string; drop: () => Promise<void> };

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

/** A SQLite file in the temporary folder that does not exist yet (`drop` removes it and its side files). */
export function sqliteTestFile(prefix: string): TestDatabase {
  const file = path.join(tmpdir(), `nr-${prefix}-${randomUUID()}.db`);
  return { url: `file:${file}`, drop: () => dropDatabase(`file:${file}`) };
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
