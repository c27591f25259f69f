// prisma/postgres/schema.prisma is prisma/schema.prisma with the PostgreSQL provider and its own
// client output. Written by `npm install` (postinstall) and `npm run db:diff`; the drift test
// fails when the committed copy is out of date.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const SQLITE_SCHEMA = path.resolve("prisma/schema.prisma");
export const POSTGRES_SCHEMA = path.resolve("prisma/postgres/schema.prisma");

export function postgresSchemaText(): string {
  const source = readFileSync(SQLITE_SCHEMA, "utf8");
  const swapped = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../lib/generated/prisma"', 'output       = "../../lib/generated/prisma-pg"');
  if (swapped === source || !swapped.includes("prisma-pg")) throw new Error("prisma/schema.prisma: provider or output line not found");
  return `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts: edit that file, not this one.\n${swapped}`;
}

export function writePostgresSchema(): void {
  mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, postgresSchemaText());
}
