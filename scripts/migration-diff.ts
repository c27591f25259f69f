// Writes the next migration, for both providers, from the difference between each migration
// history and the schema (prisma/schema.prisma; prisma/postgres/schema.prisma is written from it).
// Usage: npm run db:diff -- <name>    (prints the SQL; writes prisma/migrations/<ts>_<name>/ and
//                                      prisma/postgres/migrations/<ts>_<name>/, same folder name)
//        npm run db:diff -- --check   (exit 1 when either history has drifted from the schema)
// The PostgreSQL side replays its migrations on a scratch database of the server named by
// TEST_POSTGRES_URL (default: the local service); see docs/decisions/002-offline-migrations.md.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, LAYOUT, type Provider } from "../lib/db/schema-engine";
import { writePostgresSchema } from "./postgres-schema";

const PROVIDERS: Provider[] = ["sqlite", "postgresql"];
const arg = process.argv[2];

writePostgresSchema();
const diffs = new Map<Provider, string>();
for (const provider of PROVIDERS) diffs.set(provider, await diffMigrationsToSchema(provider));
const pending = PROVIDERS.filter((p) => diffs.get(p));

if (!pending.length) {
  console.log("Schema and migrations agree (SQLite and PostgreSQL): nothing to write.");
  process.exit(0);
}
if (arg === "--check" || !arg) {
  for (const provider of pending) console.log(`-- ${provider}\n${diffs.get(provider)}`);
  console.error(`The schema differs from the ${pending.join(" and ")} migrations. Run: npm run db:diff -- <migration_name>`);
  process.exit(1);
}
// One folder name for both providers: the runner and reviewers pair them by name.
const folder = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${arg.replace(/\W+/g, "_")}`;
for (const provider of pending) {
  const dir = path.join(LAYOUT[provider].migrations, folder);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), diffs.get(provider)!);
  await writeFile(path.join(LAYOUT[provider].migrations, "migration_lock.toml"), `provider = "${provider}"\n`);
  console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
// SQLite alters a table by copying it (RedefineTables): DROP TABLE takes the table's triggers with
// it, and the RENAME fails on any trigger that names the dropped table. The engine does not see
// triggers, so the migration needs a hand edit.
const redefined = [...(diffs.get("sqlite") ?? "").matchAll(/CREATE TABLE "new_(\w+)"/g)].map((m) => m[1]);
if (redefined.length) {
  console.warn(
    `SQLite redefines ${redefined.join(", ")}: drop the triggers on or naming those tables before the copy and re-create them after (they are defined in prisma/migrations/*_scale_out).`,
  );
}
if (pending.length < PROVIDERS.length) {
  console.warn(`Only ${pending.join(", ")} differed: the other history already matched the schema.`);
}
