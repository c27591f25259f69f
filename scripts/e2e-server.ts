// The server of the Playwright run: empties the e2e database (removes the SQLite file, or drops
// and recreates the PostgreSQL database), then runs the start script exactly as `npm start` does.
import { databaseUrl } from "@/lib/env";
import { emptyDatabase } from "@/e2e/support/databases";

await emptyDatabase(databaseUrl());
await import("./start");
