import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "@/lib/db/create-client";
import { dialectOf } from "@/lib/db/dialect";
import { databaseUrl, env } from "@/lib/env";

// One client per process, kept on globalThis so dev reloads don't open a new pool each time.
const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

export const db: PrismaClient = globalForDb.prisma ?? createPrismaClient(databaseUrl());
if (env().NODE_ENV !== "production") globalForDb.prisma = db;

/** The database this process runs on: code with dialect-specific SQL lives in lib/db/. */
export const dialect = dialectOf(databaseUrl());

export type Db = PrismaClient;
export type { Prisma } from "@/lib/generated/prisma/client";
