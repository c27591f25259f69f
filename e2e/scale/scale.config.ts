// The scale-out suite (SPEC §5): every scenario against a cluster of two app processes on one
// database, once on a SQLite file (project `sqlite`) and once on PostgreSQL (project `postgres`).
// No webServer: the fixtures start and stop the processes (`npm run build` first).
//   npx playwright test -c e2e/scale/scale.config.ts [--project sqlite|postgres]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import type { DbKind } from "./cluster";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

// biome-ignore lint/complexity/noBannedTypes: Playwright's own default for "no test options" is {}
export default defineConfig<{}, { dbKind: DbKind }>({
  testDir: here,
  testMatch: /.*\.spec\.ts$/,
  // Starts nothing: the `cluster` fixture starts one cluster per database kind on first use;
  // the teardown this returns stops them and drops their databases.
  globalSetup: path.join(here, "global-setup.ts"),
  // One worker: the two processes under test already use both cores; tests share the cluster
  // of their project and work in separate tenants.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // As the main config: one retry in CI. The kill test needs requests in flight at the moment of
  // the kill, which a loaded machine can miss (it then fails its own precondition, not the app).
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: path.join(root, "test-results/scale"),
  reporter: [["list"], ["json", { outputFile: path.join(root, "test-reports/playwright-scale.json") }]],
  projects: [
    { name: "sqlite", use: { dbKind: "sqlite" } },
    { name: "postgres", use: { dbKind: "postgres" } },
  ],
});
