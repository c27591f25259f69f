// Each provider's migration history must build exactly its schema: Prisma's schema engine replays
// the migrations on a shadow database and diffs the result against the schema (an empty diff).
// PostgreSQL's shadow database is a scratch database on TEST_POSTGRES_URL's server.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "@/e2e/support/databases";
import { diffMigrationsToSchema } from "@/lib/db/schema-engine";
import { POSTGRES_SCHEMA, postgresSchemaText } from "@/scripts/postgres-schema";

const FIX = "else run `npm run db:diff -- <name>`";
const pgUp = await postgresAvailable();

describe("migrations and schema.prisma", () => {
  it(`SQLite: applying prisma/migrations yields exactly prisma/schema.prisma (${FIX})`, async () => {
    expect(await diffMigrationsToSchema("sqlite")).toBe("");
  });

  it("prisma/postgres/schema.prisma is prisma/schema.prisma with the PostgreSQL provider (else run `npm run db:diff`)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchemaText());
  });

  it.skipIf(!pgUp)(`PostgreSQL: applying prisma/postgres/migrations yields exactly its schema (${FIX})`, async () => {
    expect(await diffMigrationsToSchema("postgresql")).toBe("");
  });
});
