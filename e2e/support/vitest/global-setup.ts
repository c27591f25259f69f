// Vitest global setup: migrates one template SQLite file per run; every test file starts from a
// copy of it (setup-db.ts), so a file never sees another file's rows and pays no migration.
import type { TestProject } from "vitest/node";
import { sqliteFileOf } from "@/lib/db/dialect";
import { migrateSqlite } from "@/lib/db/migrate";
import { sqliteTestFile } from "../databases";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
  }
}

export default function setup(project: TestProject) {
  const template = sqliteTestFile("vitest-template");
  migrateSqlite(sqliteFileOf(template.url));
  project.provide("sqliteTemplate", sqliteFileOf(template.url));
  return () => template.drop();
}
