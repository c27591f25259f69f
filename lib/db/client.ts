import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env, sqlitePath } from "@/lib/env";

// One client per process, kept on globalThis so dev reloads don't open a new pool each time.
const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

function createClient() {
  // WAL is set on the file by the migration runner; busy timeout lets concurrent writers wait.
  const adapter = new PrismaBetterSqlite3({ url: sqlitePath(), timeout: 5000 });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForDb.prisma ?? createClient();
if (env().NODE_ENV !== "production") globalForDb.prisma = db;

export type Db = PrismaClient;
export type { Prisma } from "@/lib/generated/prisma/client";
