// `prisma generate` without network: the CLI wants its schema-engine binary only to exist,
// it never runs it for generate (STACK-NOTES). Point it at a placeholder file.
// Two clients from one model: prisma/schema.prisma (SQLite, the embedded default) and
// prisma/postgres/schema.prisma, written here from it with the provider swapped (a Prisma schema
// has one provider; docs/decisions/005-two-databases.md).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writePostgresSchema } from "./postgres-schema";

writePostgresSchema();
const placeholder = path.join(mkdtempSync(path.join(tmpdir(), "prisma-")), "schema-engine");
writeFileSync(placeholder, "");
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  execFileSync("npx", ["prisma", "generate", "--schema", schema], {
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: placeholder, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
