// Vitest setup, run before each test file: a fresh copy of the run's migrated template database
// (global-setup.ts) becomes DATABASE_URL before any module reads the configuration (lib/env.ts
// caches it), so the app's own `db` client and send store work on it; removed after the file.
import { copyFileSync } from "node:fs";
import { afterAll, inject } from "vitest";
import { sqliteFileOf } from "@/lib/db/dialect";
import { E2E_ENCRYPTION_KEY, E2E_OUTBOX_TIMING } from "../constants";
import { sqliteTestFile } from "../databases";

const database = sqliteTestFile(`vitest-${process.pid}`);
copyFileSync(inject("sqliteTemplate"), sqliteFileOf(database.url));
process.env.DATABASE_URL = database.url;
process.env.AUTH_SECRET ??= "vitest-secret-vitest-secret-vitest-secret";
process.env.ENCRYPTION_KEY ??= E2E_ENCRYPTION_KEY;
// The outbox gives up quickly here (production: 15 minutes), and may reach the fake gateways on loopback.
process.env.OUTBOX_RETRY_WINDOW ??= E2E_OUTBOX_TIMING.OUTBOX_RETRY_WINDOW;
process.env.OUTBOX_BACKOFF_MAX ??= E2E_OUTBOX_TIMING.OUTBOX_BACKOFF_MAX;
process.env.ALLOW_PRIVATE_GATEWAYS ??= "1";
afterAll(() => database.drop());
