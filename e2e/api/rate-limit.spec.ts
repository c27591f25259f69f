// SPEC §3: API keys are rate limited per key (token bucket, API_RATE_LIMIT), over it → 429
// rate_limited with Retry-After; the bucket is in the database, so every app process shares it.
// The shared e2e server runs with the default limit, so this test starts two servers of its own
// (API_RATE_LIMIT=5/10) on one fresh database of the run's kind (SQLite file or PostgreSQL).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import { createPrismaClient } from "@/lib/db/create-client";
import { dialectOf } from "@/lib/db/dialect";
import { migrateDatabase } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/lib/db/scratch-database";
import { createLocation } from "@/lib/seed/factories";
import { E2E_DATABASE_URL } from "../support/constants";
import { sqliteTestFile } from "../support/databases";
import { expect, test } from "../support/fixtures";

test("30 rapid requests over two processes: one shared bucket of 10, 429 with Retry-After, other keys unaffected, then it refills", async () => {
  test.setTimeout(180_000);
  const database = await scratchDatabase();
  const servers: ChildProcess[] = [];
  try {
    await migrateDatabase(database.url);
    const db = createPrismaClient(database.url);
    const location = await createLocation(db, { name: "Rate limit test" }); // not empty: start.ts does not seed
    const limited = (await insertApiKey(db, { locationId: location.id, plainKey: `nr_rl_a_${randomBytes(16).toString("hex")}` })).key;
    const other = (await insertApiKey(db, { locationId: location.id, plainKey: `nr_rl_b_${randomBytes(16).toString("hex")}` })).key;
    const warm = (await insertApiKey(db, { locationId: location.id, plainKey: `nr_rl_w_${randomBytes(16).toString("hex")}` })).key;
    await db.$disconnect();

    const bases = await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        servers.push(startServer(database.url, port));
        return `http://127.0.0.1:${port}`;
      }),
    );
    await Promise.all(bases.map((base) => waitFor(`${base}/api/v1/health`)));
    const get = (base: string, key: string) => fetch(`${base}/api/v1/settings`, { headers: { authorization: `Bearer ${key}` } });
    for (const base of bases) expect((await get(base, warm)).status).toBe(200); // first request of a process: compile, connect

    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => get(bases[i % 2], limited)));
    const elapsedS = (Date.now() - started) / 1000;
    const passed = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(passed.length + refused.length).toBe(30);
    expect(refused.length).toBeGreaterThan(0);
    // One bucket across both processes: the burst of 10 plus what 5/s refilled meanwhile — not 2 × 10.
    expect(passed.length).toBeGreaterThanOrEqual(10);
    expect(passed.length).toBeLessThanOrEqual(10 + Math.ceil(elapsedS * 5) + 1);
    expect(new Set(passed.map((r) => r.url)).size).toBe(2);
    let wait = 0;
    for (const response of refused) {
      const retryAfter = Number(response.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
      wait = Math.max(wait, retryAfter);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("rate_limited");
      expect(body.error.message).toMatch(/rate limit/i);
    }

    // Another key of the same location has its own bucket.
    expect((await get(bases[0], other)).status).toBe(200);
    expect((await get(bases[1], other)).status).toBe(200);
    // After Retry-After seconds the limited key passes again, on either process.
    await new Promise((r) => setTimeout(r, wait * 1000));
    expect((await get(bases[1], limited)).status).toBe(200);
    // Unknown keys are 401, never counted against anyone.
    expect((await get(bases[0], "nr_not_a_key_000000000000000000")).status).toBe(401);
  } finally {
    await Promise.all(servers.map(stopServer));
    await database.drop();
  }
});

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialectOf(E2E_DATABASE_URL) === "postgres") return createScratchDatabase("ratelimit", E2E_DATABASE_URL);
  return sqliteTestFile("rate-limit");
}

function startServer(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      API_RATE_LIMIT: "5/10",
      AUTH_SECRET: "rate-limit-secret-rate-limit-secret-01",
      WEBHOOK_WORKER: "off",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
