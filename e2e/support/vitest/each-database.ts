// Cases that must behave the same on both databases (SPEC §5) run once on a fresh migrated
// SQLite file and once on a fresh PostgreSQL database; the PostgreSQL half skips itself when no
// server answers (never in CI: postgresAvailable throws there).
import { afterAll, beforeAll, describe } from "vitest";
import { createPrismaClient } from "@/lib/db/create-client";
import { migrateDatabase } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/lib/db/scratch-database";
import { postgresAvailable, sqliteTestFile, type TestDatabase } from "../databases";

type Db = ReturnType<typeof createPrismaClient>;
type DatabaseKind = "SQLite" | "PostgreSQL";
/** Filled in before the first case of the block runs. */
type MigratedDatabase = { kind: DatabaseKind; url: string; db: Db };

/**
 * `describe(\`${title} on SQLite\`)` and `… on PostgreSQL`, each with its own migrated database and
 * Prisma client, dropped after the block. Await it at the top level of the test file.
 */
export async function describeEachDatabase(title: string, body: (database: MigratedDatabase) => void): Promise<void> {
  const pgUp = await postgresAvailable();
  const prefix = title.replace(/\W+/g, "_").slice(0, 20);
  const kinds: { kind: DatabaseKind; skip: boolean; open: () => Promise<TestDatabase> }[] = [
    { kind: "SQLite", skip: false, open: async () => sqliteTestFile(prefix) },
    { kind: "PostgreSQL", skip: !pgUp, open: () => createScratchDatabase(prefix) },
  ];
  for (const { kind, skip, open } of kinds) {
    describe.skipIf(skip)(`${title} on ${kind}`, () => {
      const database = { kind } as MigratedDatabase;
      let opened: TestDatabase | undefined;
      beforeAll(async () => {
        opened = await open();
        await migrateDatabase(opened.url);
        database.url = opened.url;
        database.db = createPrismaClient(opened.url);
      });
      afterAll(async () => {
        await database.db?.$disconnect();
        await opened?.drop();
      });
      body(database);
    });
  }
}
