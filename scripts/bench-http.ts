// HTTP load benchmark (issue 4): the production build on loopback (`npm run build` first), a
// fresh SQLite file seeded with the demo data, autocannon as the load generator. Measures a
// trivial JSON route (the ceiling of one Next.js process on this machine) and, in the same run,
// POST /route (dry run) and POST /messages (stored, in a transaction): max requests/s and p99,
// then p99 at a fixed 500 requests/s; routes interleaved over three rounds, medians reported.
// One JSON object per line:
//   {"bench":"http.route","rps":N,"p99_ms":N,"p99_at_500rps_ms":N,"ratio_vs_trivial":N}
// Targets: /messages ≥ 0.70 of trivial, /route ≥ 0.85, p99 < 50 ms at 500 rps.
// Run: node --import tsx scripts/bench-http.ts   (or `npm run bench -- http`)
import { spawn } from "node:child_process";
import http from "node:http";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PORT = Number(process.env.BENCH_HTTP_PORT ?? 3200);
const BASE = `http://127.0.0.1:${PORT}`;
const KEY = "nr_bench_http_key_0123456789abcdef";
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const ROUNDS = 3;
const FIXED_ROUNDS = 3;
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 16);
const FIXED_RATE = 500;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

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
      // The per-key limit stays on, so its cost is measured, but far above what the load reaches
      // (BENCH_API_RATE_LIMIT=0 measures without it).
      API_RATE_LIMIT: process.env.BENCH_API_RATE_LIMIT ?? "1000000/1000000",
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
    // Interleaved rounds, median per route: the machine is shared, and a burst of load elsewhere
    // during one route's run would otherwise skew the ratio.
    const names = Object.keys(targets) as (keyof typeof targets)[];
    const max = Object.fromEntries(names.map((n) => [n, [] as AutocannonResult[]]));
    const fixed = Object.fromEntries(names.map((n) => [n, [] as AutocannonResult[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of names) max[name].push(await load(targets[name], { duration: DURATION_S }));
    }
    for (let round = 0; round < FIXED_ROUNDS; round++) {
      for (const name of names) fixed[name].push(await paced(targets[name], FIXED_RATE, DURATION_S));
    }
    const rps = (name: string) => median(max[name].map((r) => r.requests.average));
    for (const name of names) {
      const runs = [...max[name], ...fixed[name]];
      const line: Record<string, unknown> = {
        bench: `http.${name}`,
        rps: Math.round(rps(name)),
        p99_ms: median(max[name].map((r) => r.latency.p99)),
        p99_at_500rps_ms: median(fixed[name].map((r) => r.latency.p99)),
        ...(name === "trivial" ? {} : { ratio_vs_trivial: Math.round((rps(name) / rps("trivial")) * 100) / 100 }),
        non_2xx: runs.reduce((a, r) => a + r.non2xx, 0),
        errors: runs.reduce((a, r) => a + r.errors + r.timeouts, 0),
      };
      console.log(JSON.stringify(line));
    }
  } finally {
    agent.destroy();
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    clean();
  }
}

/**
 * An open-loop load at a fixed rate: one request every 1000/rate ms, whatever the responses do
 * (autocannon's rate limit sends each second's quota in a burst, which measures bursts instead).
 * Latency is measured from the scheduled send time, so a stalled server cannot hide its queue.
 */
async function paced(target: { url: string; method: string; headers?: Record<string, string>; body?: string }, rate: number, seconds: number): Promise<AutocannonResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const total = rate * seconds;
  const interval = 1000 / rate;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      send(target).then(
        (status) => {
          latencies.push(performance.now() - due);
          if (status < 200 || status >= 300) non2xx++;
        },
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const p99 = Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0);
  return { requests: { average: latencies.length / seconds }, latency: { p99 }, non2xx, errors, timeouts: 0, "2xx": latencies.length - non2xx };
}

function send(target: { url: string; method: string; headers?: Record<string, string>; body?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(target.url, { method: target.method, headers: target.headers, agent, timeout: 10_000 }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.end(target.body);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
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
