import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** A Prisma client on a SQLite file. WAL is set on the file by the migration runner. */
export function createPrismaClient(sqliteFile: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFile, timeout: 5000 }) });
}
