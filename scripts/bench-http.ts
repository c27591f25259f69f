// HTTP load benchmark (issue 4): the production build on loopback (`npm run build` first), a
// fresh SQLite file seeded with the demo data, autocannon as the load generator. Measures a
// trivial JSON route (the ceiling of one Next.js process on this machine) and, in the same run,
// POST /route (dry run) and POST /messages (stored, in a transaction): max requests/s and p99,
// then p99 at a fixed 500 requests/s. One JSON object per line:
//   {"bench":"http.route","rps":N,"p99_ms":N,"p99_at_500rps_ms":N,"ratio_vs_trivial":N}
// Targets: /messages ≥ 0.70 of trivial, /route ≥ 0.85, p99 < 50 ms at 500 rps.
// Run: node --import tsx scripts/bench-http.ts   (or `npm run bench -- http`)
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PORT = Number(process.env.BENCH_HTTP_PORT ?? 3200);
const BASE = `http://127.0.0.1:${PORT}`;
const KEY = "nr_bench_http_key_0123456789abcdef";
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 16);
const FIXED_RATE = 500;

type AutocannonResult = { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number; timeouts: number; "2xx": number };
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export async function runHttpBench(): Promise<void> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const file = path.join(tmpdir(), `number-router-bench-http-${process.pid}.db`);
  const clean = () => ["", "-wal", "-shm"].forEach((s) => rmSync(file + s, { force: true }));
  clean();
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env, PORT: String(PORT), DATABASE_URL: `file:${file}`, SEED_API_KEY: KEY, NODE_ENV: "production",
      AUTH_SECRET: "bench-http-secret-bench-http-secret-01", NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(`${BASE}/api/v1/health`);
    const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
    // A seeded Acme contact with no tags and no assignment: the default WhatsApp instance sends.
    const send = JSON.stringify({ channel: "whatsapp", phone: "+15552000001", body: "Your order has shipped!" });
    const targets = {
      trivial: { url: `${BASE}/api/v1/health`, method: "GET" },
      route: { url: `${BASE}/api/v1/route`, method: "POST", headers, body: send },
      messages: { url: `${BASE}/api/v1/messages`, method: "POST", headers, body: send },
    };
    for (const target of Object.values(targets)) await load(target, { duration: 3 }); // warm-up: JIT, caches
    const max: Record<string, AutocannonResult> = {};
    for (const [name, target] of Object.entries(targets)) max[name] = await load(target, { duration: DURATION_S });
    const fixed: Record<string, AutocannonResult> = {};
    for (const [name, target] of Object.entries(targets)) fixed[name] = await load(target, { duration: DURATION_S, overallRate: FIXED_RATE });
    const trivialRps = max.trivial.requests.average;
    for (const name of Object.keys(targets)) {
      const line: Record<string, unknown> = {
        bench: `http.${name}`,
        rps: Math.round(max[name].requests.average),
        p99_ms: max[name].latency.p99,
        p99_at_500rps_ms: fixed[name].latency.p99,
        ...(name === "trivial" ? {} : { ratio_vs_trivial: Math.round((max[name].requests.average / trivialRps) * 100) / 100 }),
        non_2xx: max[name].non2xx + fixed[name].non2xx,
        errors: max[name].errors + max[name].timeouts + fixed[name].errors + fixed[name].timeouts,
      };
      console.log(JSON.stringify(line));
    }
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    clean();
  }
}

function load(target: Record<string, unknown>, options: { duration: number; overallRate?: number }) {
  return autocannon({ ...target, connections: CONNECTIONS, pipelining: 1, ...options });
}

async function waitFor(url: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The app did not start on ${url} within ${timeoutMs / 1000} s.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runHttpBench();
}
