import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool } from "pg";
import { dialectOf, sqliteFileOf } from "@/lib/db/dialect";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";

/**
 * A Prisma client on the database `url` names (`file:` → SQLite, `postgres(ql)://` → PostgreSQL;
 * a bare path is a SQLite file). Both clients are generated from one model
 * (prisma/postgres/schema.prisma is written from prisma/schema.prisma), so their model APIs are
 * the same and the PostgreSQL one is typed as the SQLite one. WAL is set on a SQLite file by the
 * migration runner; `synchronous` here, as on the send path's connection (SQLITE_SYNCHRONOUS).
 */
export function createPrismaClient(url: string, options: { pool?: Pool; synchronous?: "normal" | "full" } = {}): PrismaClient {
  if (dialectOf(url) === "postgres") {
    const adapter = new PrismaPg(options.pool ?? { connectionString: url, max: 10 });
    const client = new PostgresPrismaClient({ adapter });
    return client as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: sqliteAdapter(sqliteFileOf(url), options.synchronous ?? env().SQLITE_SYNCHRONOUS) });
}

/**
 * Every SQLite connection commits as durably as the send path's (docs/decisions/007): without
 * this, better-sqlite3's build default (NORMAL on a WAL file) would apply whatever the setting.
 * Set on the connection before Prisma sends it anything.
 */
function sqliteAdapter(file: string, synchronous: "normal" | "full") {
  const factory = new PrismaBetterSqlite3({ url: file, timeout: 5000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
    return adapter;
  };
  return factory;
}
