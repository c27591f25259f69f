import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "@/lib/db/create-client";
import { dialectOf } from "@/lib/db/dialect";
import { databaseUrl, env } from "@/lib/env";
import { pgPool } from "@/lib/db/pg-pool";

// One client per process, kept on globalThis so dev reloads don't open a new pool each time.
const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

/** The database this process runs on: code with dialect-specific SQL lives in lib/db/. */
export const dialect = dialectOf(databaseUrl());

export const db: PrismaClient =
  globalForDb.prisma ?? createPrismaClient(databaseUrl(), dialect === "postgres" ? { pool: pgPool() } : {});
if (env().NODE_ENV !== "production") globalForDb.prisma = db;

export type Db = PrismaClient;
export type { Prisma } from "@/lib/generated/prisma/client";
