// What the Playwright configs, the fixtures and the scripts that drive a browser agree on. The
// configs import these (never the other way round), so a spec or script reads them without
// loading a config. Read from the environment of the run: E2E_PORT gives each run its own server.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The demo location "Acme Store" is seeded with this API key (SEED_API_KEY). */
export const E2E_API_KEY = "nr_e2e_acme_key_0123456789abcdef";
export const E2E_AUTH_SECRET = "e2e-secret-e2e-secret-e2e-secret-0123";
/** Seals gateway credentials in the test servers (32 bytes, hex); every process of a run shares it. */
export const E2E_ENCRYPTION_KEY = "6e722d6532652d656e6372797074696f6e2d6b65792d30313233343536373839";
/**
 * The outbox gives up on an unreachable gateway after this many seconds in the test servers
 * (production: 900), with at most 1 s between attempts, so the failure path runs in a test's time.
 */
export const E2E_OUTBOX_TIMING = { OUTBOX_RETRY_WINDOW: "6", OUTBOX_BACKOFF_MAX: "1" } as const;
/** Where the server sends alert e-mail: e2e/api/alerts.spec.ts listens there with a real SMTP server. */
export const E2E_SMTP_PORT = E2E_PORT + 25;
/** Alerts are looked for every second (production: 5 s); the grace stays SPEC's 60 s. */
export const E2E_ALERTS = { ALERT_SWEEP: "1", SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}` } as const;
/** A SQLite file by default; PostgreSQL when E2E_DATABASE_URL names one (scripts/test.ts). */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? `file:./${process.env.E2E_DATABASE_FILE ?? "prisma/e2e.db"}`;

/**
 * Test-only way through the outbound URL guard (lib/env.ts): webhook receivers listen on loopback
 * and are addressed as receiver.test; every other loopback or private URL is still refused, as the
 * SSRF tests check.
 */
export const TEST_HOST_MAP = "receiver.test=127.0.0.1";

/** Debian's Chromium (Playwright cannot download browsers here), quiet on the network. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } } as const;
