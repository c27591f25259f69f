import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool } from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { dialectOf, sqliteFileOf } from "@/lib/db/dialect";

/**
 * A Prisma client on the database `url` names (`file:` → SQLite, `postgres(ql)://` → PostgreSQL;
 * a bare path is a SQLite file). Both clients are generated from one model
 * (prisma/postgres/schema.prisma is written from prisma/schema.prisma), so their model APIs are
 * the same and the PostgreSQL one is typed as the SQLite one. WAL is set on a SQLite file by the
 * migration runner.
 */
export function createPrismaClient(url: string, options: { pool?: Pool } = {}): PrismaClient {
  if (dialectOf(url) === "postgres") {
    const adapter = new PrismaPg(options.pool ?? { connectionString: url, max: 10 });
    const client = new PostgresPrismaClient({ adapter });
    return client as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFileOf(url), timeout: 5000 }) });
}
