// The server of the Playwright run: empties the e2e database (removes the SQLite file, or drops
// and recreates the PostgreSQL database), then runs the start script exactly as `npm start` does.

import { emptyDatabase } from "@/e2e/support/databases";
import { databaseUrl } from "@/lib/env";

await emptyDatabase(databaseUrl());
await import("./start");
