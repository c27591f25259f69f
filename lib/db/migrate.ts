// Applies each provider's migrations in order — prisma/migrations (SQLite) or
// prisma/postgres/migrations (PostgreSQL) — and records them in Prisma's own `_prisma_migrations`
// table, so the real Prisma CLI (where it can run) reads the same history. Several app processes
// may start at once: each migration is applied by exactly one of them.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { dialectOf, sqliteFileOf } from "@/lib/db/dialect";

const SQLITE_MIGRATIONS = path.resolve(process.cwd(), "prisma/migrations");
const POSTGRES_MIGRATIONS = path.resolve(process.cwd(), "prisma/postgres/migrations");
/** Prisma Migrate's own advisory lock key: our runner and `prisma migrate deploy` exclude each other. */
const POSTGRES_LOCK_KEY = 72707369;

/** Applies pending migrations to the database `url` names; returns the names applied. */
export async function migrateDatabase(url: string): Promise<string[]> {
  if (dialectOf(url) === "postgres") return migratePostgres(url);
  return migrateSqlite(sqliteFileOf(url));
}

export function migrateSqlite(file: string): string[] {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // Before anything that writes: a second process starting now waits for the lock, not fails.
    db.pragma("busy_timeout = 30000");
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const isApplied = db.prepare(
      `SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const record = db.prepare(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)`,
    );
    const applied: string[] = [];
    for (const name of listMigrations(SQLITE_MIGRATIONS)) {
      if (isApplied.get(name)) continue; // the usual start: no write lock taken
      const sql = readMigration(SQLITE_MIGRATIONS, name);
      // BEGIN IMMEDIATE takes the write lock first; the check again inside it sees what a process
      // that held the lock before us committed. The file and its record commit together, or neither.
      const ran = db
        .transaction(() => {
          if (isApplied.get(name)) return false;
          db.exec(sql);
          record.run(randomUUID(), checksumOf(sql), name);
          return true;
        })
        .immediate();
      if (ran) applied.push(name);
    }
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Session-level lock for the whole run: a second process waits here, then finds nothing to do.
    await client.query("SELECT pg_advisory_lock($1)", [POSTGRES_LOCK_KEY]);
    // The column types Prisma Migrate itself creates this table with on PostgreSQL.
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(rows.map((r) => r.migration_name));
    const applied: string[] = [];
    for (const name of listMigrations(POSTGRES_MIGRATIONS)) {
      if (done.has(name)) continue;
      const sql = readMigration(POSTGRES_MIGRATIONS, name);
      // PostgreSQL DDL is transactional: a failing file leaves the database as it was.
      await client.query("BEGIN");
      try {
        await client.query(sql); // no parameters: the simple protocol runs the whole file, plpgsql bodies included
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksumOf(sql), name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`PostgreSQL migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(name);
    }
    await client.query("SELECT pg_advisory_unlock($1)", [POSTGRES_LOCK_KEY]);
    return applied;
  } finally {
    await client.end(); // also releases the lock if we got here by an error
  }
}

function listMigrations(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^\d+_/.test(n))
    .sort();
}

function readMigration(dir: string, name: string): string {
  return readFileSync(path.join(dir, name, "migration.sql"), "utf8");
}

/** Prisma's checksum: SHA-256 of the file, hex. */
function checksumOf(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}
