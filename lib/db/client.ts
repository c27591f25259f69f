import "server-only";
import { createPrismaClient } from "@/lib/db/create-client";
import { dialectOf } from "@/lib/db/dialect";
import { pgPool } from "@/lib/db/pg-pool";
import { databaseUrl } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { processSingleton } from "@/lib/process-singleton";

/** The database this process runs on: code with dialect-specific SQL lives in lib/db/. */
export const dialect = dialectOf(databaseUrl());

/** One client per process: dev reloads and Next.js's module graphs share it (process-singleton). */
export const db: PrismaClient = processSingleton("prisma-client", () =>
  createPrismaClient(databaseUrl(), dialect === "postgres" ? { pool: pgPool() } : {}),
);

export type Db = PrismaClient;
export type { Prisma } from "@/lib/generated/prisma/client";
