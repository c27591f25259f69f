import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "@/lib/db/create-client";
import { env, sqlitePath } from "@/lib/env";

// One client per process, kept on globalThis so dev reloads don't open a new pool each time.
const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

export const db: PrismaClient = globalForDb.prisma ?? createPrismaClient(sqlitePath());
if (env().NODE_ENV !== "production") globalForDb.prisma = db;

export type Db = PrismaClient;
export type { Prisma } from "@/lib/generated/prisma/client";
