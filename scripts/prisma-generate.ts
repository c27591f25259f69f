// `prisma generate` without network: the CLI wants its schema-engine binary only to exist,
// it never runs it for generate (STACK-NOTES). Point it at a placeholder file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const placeholder = path.join(mkdtempSync(path.join(tmpdir(), "prisma-")), "schema-engine");
writeFileSync(placeholder, "");
execFileSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: placeholder, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
