// The server of the Playwright run: empties the e2e database (removes the SQLite file, or drops
// and recreates the PostgreSQL database), then runs the start script exactly as `npm start` does.
import { rmSync } from "node:fs";
import pg from "pg";
import { dialectOf, sqliteFileOf } from "@/lib/db/dialect";
import { databaseUrl } from "@/lib/env";

const url = databaseUrl();
if (dialectOf(url) === "postgres") {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  await admin.end();
} else {
  const file = sqliteFileOf(url);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}
await import("./start");
