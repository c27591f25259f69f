// Every SQLite connection of the app commits with the durability SQLITE_SYNCHRONOUS names
// (docs/decisions/007-durability.md): the send path's and Prisma's alike.
import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/create-client";
import { sqliteConnection } from "@/lib/db/send-store-sqlite";
import { databaseUrl } from "@/lib/env";

const NORMAL = 1;
const FULL = 2;

describe("SQLite synchronous setting", () => {
  it("is NORMAL by default on the send path's connection and on Prisma's", async () => {
    expect(sqliteConnection().db.pragma("synchronous", { simple: true })).toBe(NORMAL);
    const prisma = createPrismaClient(databaseUrl());
    const [row] = await prisma.$queryRawUnsafe<{ synchronous: bigint }[]>("PRAGMA synchronous");
    expect(Number(row.synchronous)).toBe(NORMAL);
    await prisma.$disconnect();
  });

  it("is set on Prisma's connection before its first query", async () => {
    const prisma = createPrismaClient(databaseUrl(), { synchronous: "full" });
    const [[row]] = await Promise.all([prisma.$queryRawUnsafe<{ synchronous: bigint }[]>("PRAGMA synchronous"), prisma.location.count()]);
    expect(Number(row.synchronous)).toBe(FULL);
    await prisma.$disconnect();
  });
});
