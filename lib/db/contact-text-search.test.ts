// The literal contact search behaves the same on both databases: %, _ and \ are text, case is
// ignored, the cursor pages newest first. Each case runs on a migrated SQLite file and PostgreSQL.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactIdsMatching } from "@/lib/db/contact-text-search";
import { createPrismaClient } from "@/lib/db/create-client";
import { dialectOf } from "@/lib/db/dialect";
import { migrateDatabase } from "@/lib/db/migrate";
import { postgresAvailable } from "@/e2e/support/databases";
import { createScratchDatabase } from "@/lib/db/scratch-database";

const pgUp = await postgresAvailable();
const targets = [
  { name: "SQLite", skip: false, open: openSqlite },
  { name: "PostgreSQL", skip: !pgUp, open: () => createScratchDatabase("text_search") },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`literal contact search on ${target.name}`, () => {
    let database: { url: string; drop: () => Promise<void> };
    let db: ReturnType<typeof createPrismaClient>;
    let locationId: string;
    const names = ["50% off", "snake_case", "Ann", "back\\slash", "ANNA", "Zoë"];
    beforeAll(async () => {
      database = await target.open();
      await migrateDatabase(database.url);
      db = createPrismaClient(database.url);
      locationId = (await db.location.create({ data: { name: "Search", defaultCountry: "US" } })).id;
      for (const [i, name] of names.entries()) {
        await db.contact.create({ data: { locationId, name, phone: `+1555014000${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) } });
      }
    });
    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });
    const search = async (text: string, more: { digits?: string; after?: { createdAt: Date; id: string }; take?: number } = {}) => {
      const ids = await contactIdsMatching(db, dialectOf(database.url), { locationId, text, digits: more.digits, after: more.after ?? null, take: more.take ?? 50 });
      const rows = await db.contact.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
      return ids.map((id) => rows.find((r) => r.id === id)!.name);
    };

    it("takes %, _ and \\ literally", async () => {
      expect(await search("%")).toEqual(["50% off"]);
      expect(await search("_")).toEqual(["snake_case"]);
      expect(await search("\\")).toEqual(["back\\slash"]);
      expect(await search("0% O")).toEqual(["50% off"]);
      expect(await search("e_c")).toEqual(["snake_case"]);
      expect(await search("e%c")).toEqual([]);
    });

    it("ignores case, newest first; the phone matches by digits", async () => {
      expect(await search("ann")).toEqual(["ANNA", "Ann"]);
      expect(await search("zzz", { digits: "5550140002" })).toEqual(["Ann"]);
    });

    it("pages after a cursor", async () => {
      const [newest] = await db.contact.findMany({ where: { locationId, name: "ANNA" }, select: { id: true, createdAt: true } });
      expect(await search("a", { after: newest })).toEqual(["back\\slash", "Ann", "snake_case"]);
      expect(await search("a", { take: 1 })).toEqual(["ANNA"]);
    });
  });
}

async function openSqlite() {
  const file = path.join(tmpdir(), `number-router-text-search-${randomUUID()}.db`);
  return { url: `file:${file}`, drop: async () => void (await Promise.all(["", "-wal", "-shm"].map((s) => rm(file + s, { force: true })))) };
}
