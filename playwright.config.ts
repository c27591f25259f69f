import { defineConfig, devices } from "@playwright/test";

// End-to-end and API tests run against the production build (`npm run build` first), served by
// the same start script as `npm start`, on a fresh database seeded with the demo data: a SQLite
// file by default, PostgreSQL when E2E_DATABASE_URL names one (scripts/test.ts runs the API
// project again that way). The database is emptied first (scripts/e2e-server.ts).
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_API_KEY = "nr_e2e_acme_key_0123456789abcdef";
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? `file:./${process.env.E2E_DATABASE_FILE ?? "prisma/e2e.db"}`;

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_REPORT ?? "test-reports/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    { name: "ui", testDir: "e2e/ui", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command: "node --import tsx scripts/e2e-server.ts",
    url: `http://127.0.0.1:${PORT}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_URL: E2E_DATABASE_URL,
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
      SEED_API_KEY: E2E_API_KEY,
      NODE_ENV: "production",
      // Test-only way through the outbound URL guard (lib/env.ts): the API tests' webhook
      // receivers listen on loopback and are addressed as receiver.test; every other loopback or
      // private URL is still refused, as the SSRF tests check.
      TEST_HOST_MAP: "receiver.test=127.0.0.1",
      // The tests stand in for one reverse proxy: the right-most X-Forwarded-For entry is trusted
      // (e2e/api/auth-throttle.spec.ts), requests without one count as 127.0.0.1.
      TRUST_PROXY: "1",
    },
  },
});
