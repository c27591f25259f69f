import { defineConfig, devices } from "@playwright/test";
import {
  CHROMIUM,
  E2E_ALERTS,
  E2E_API_KEY,
  E2E_AUTH_SECRET,
  E2E_BASE_URL,
  E2E_DATABASE_URL,
  E2E_ENCRYPTION_KEY,
  E2E_OUTBOX_TIMING,
  E2E_PORT,
  TEST_HOST_MAP,
} from "./e2e/support/constants";

// End-to-end and API tests run against the production build (`npm run build` first), served by
// the same start script as `npm start`, on a fresh database seeded with the demo data: a SQLite
// file by default, PostgreSQL when E2E_DATABASE_URL names one (scripts/test.ts runs the API
// project again that way). The database is emptied first (scripts/e2e-server.ts). Specs import
// their fixtures from e2e/support/fixtures.ts; the values both sides need are e2e/support/constants.ts.
export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // CI's machine runs these about half as fast as a workstation (the same API test: 1.7 s there,
  // 0.8 s here): it gets more time per test and per expectation, the same assertions.
  timeout: process.env.CI ? 90_000 : 60_000,
  expect: { timeout: process.env.CI ? 15_000 : 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_REPORT ?? "test-reports/playwright.json" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM,
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    { name: "ui", testDir: "e2e/ui", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command: "node --import tsx scripts/e2e-server.ts",
    url: `${E2E_BASE_URL}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(E2E_PORT),
      DATABASE_URL: E2E_DATABASE_URL,
      AUTH_SECRET: E2E_AUTH_SECRET,
      ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
      ...E2E_OUTBOX_TIMING,
      ...E2E_ALERTS,
      SEED_API_KEY: E2E_API_KEY,
      NODE_ENV: "production",
      TEST_HOST_MAP,
      // The tests stand in for one reverse proxy: the right-most X-Forwarded-For entry is trusted
      // (e2e/api/auth-throttle.spec.ts), requests without one count as 127.0.0.1.
      TRUST_PROXY: "1",
    },
  },
});
