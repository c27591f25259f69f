// Writes the next migration from the difference between prisma/migrations and schema.prisma.
// Usage: npm run db:diff -- <name>       (prints the SQL and writes prisma/migrations/<ts>_<name>/)
//        npm run db:diff -- --check      (exit 1 when the schema has drifted from the migrations)
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema } from "../lib/db/schema-engine";

const arg = process.argv[2];
const sql = await diffMigrationsToSchema();
if (!sql) {
  console.log("Schema and migrations agree: nothing to write.");
  process.exit(0);
}
if (arg === "--check" || !arg) {
  console.log(sql);
  console.error("schema.prisma differs from prisma/migrations. Run: npm run db:diff -- <migration_name>");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.resolve("prisma/migrations", `${stamp}_${arg.replace(/\W+/g, "_")}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql);
await writeFile(path.resolve("prisma/migrations/migration_lock.toml"), 'provider = "sqlite"\n');
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
