// Vitest setup: every worker gets its own migrated SQLite file, set before any module
// reads the configuration (lib/env.ts caches it).
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateSqlite } from "@/lib/db/migrate";

const file = path.join(tmpdir(), `number-router-vitest-${process.pid}.db`);
process.env.DATABASE_URL = `file:${file}`;
process.env.AUTH_SECRET ??= "vitest-secret-vitest-secret-vitest-secret";
migrateSqlite(file);
