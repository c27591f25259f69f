import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "@/lib/db/schema-engine";

describe("prisma/migrations and schema.prisma", () => {
  it("agree: applying every migration yields exactly the schema (else run `npm run db:diff -- <name>`)", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });
});
