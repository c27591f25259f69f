// HTTP load benchmark (issue 4, and "Scale-out", SPEC §5): the production build on loopback
// (`npm run build` first), a fresh database seeded with the demo data, autocannon as the load
// generator. Measures a trivial JSON route (the ceiling of the processes on this machine) and, in
// the same run, POST /route (dry run) and POST /messages (stored, in a transaction): max
// requests/s and p99, then p99 at a fixed 500 requests/s; routes interleaved over three rounds,
// medians reported. One JSON object per line:
//   {"bench":"http.route","rps":N,"p99_ms":N,"p99_at_500rps_ms":N,"ratio_vs_trivial":N,...,"db":"sqlite","processes":1}
// Targets: /messages ≥ 0.70 of trivial (also through the outbox: messages_queued), /route ≥ 0.85,
// p99 < 50 ms at 500 rps.
//
// Flags (parsed with node:util parseArgs):
//   --db sqlite|postgres   the database (default sqlite; postgres: a fresh database on the local
//                          service or TEST_POSTGRES_URL, dropped afterwards)
//   --processes N          N app processes on the one database (default 1); autocannon spreads
//                          its connections over all of them (its `url` takes a list), the paced
//                          run sends to them in turn
//   --sse [--streams N]    instead of the load: open N (default 1000) GET /events streams on one
//                          process, trigger status changes, report the delay until each stream
//                          got the event (p50/p99/max) and the server's RSS per open stream:
//   {"bench":"http.sse","streams":1000,"p50_ms":N,"p99_ms":N,"max_ms":N,"rss_before_mb":N,"rss_after_mb":N,"kb_per_stream":N,...}
// Run: npm run bench -- http [--db postgres] [--processes 2] [--sse [--streams 1000]]
//   (or node --import tsx scripts/bench-http.ts [flags])
import http from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { FakeWebhookGateway } from "../e2e/fakes/fake-webhook-gateway";
import { type Cluster, type DbKind, rssKb, startCluster } from "../e2e/scale/cluster";

const KEY = "nr_bench_http_key_0123456789abcdef";
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const ROUNDS = 3;
const FIXED_ROUNDS = 3;
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 16);
const FIXED_RATE = 500;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

type AutocannonResult = {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
};
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types: loaded through require, typed by the two lines above.
const require = createRequire(import.meta.url);
const autocannon = require("autocannon") as Autocannon;

type Target = { url: string[]; method: string; headers?: Record<string, string>; body?: string };
type Options = { db: DbKind; processes: number; sse: boolean; streams: number };

export function parseHttpBenchArgs(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: "string", default: "sqlite" },
      processes: { type: "string", default: "1" },
      sse: { type: "boolean", default: false },
      streams: { type: "string", default: "1000" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.db !== "sqlite" && values.db !== "postgres") throw new Error(`--db must be sqlite or postgres, not "${values.db}"`);
  const processes = Number(values.processes);
  if (!Number.isInteger(processes) || processes < 1 || processes > 16) throw new Error(`--processes must be an integer from 1 to 16`);
  const streams = Number(values.streams);
  if (!Number.isInteger(streams) || streams < 1) throw new Error(`--streams must be a positive integer`);
  if (values.sse && processes !== 1) throw new Error("--sse measures one process: leave --processes at 1");
  return { db: values.db, processes, sse: values.sse, streams };
}

export async function runHttpBench(args: string[] = []): Promise<void> {
  const options = parseHttpBenchArgs(args);
  const cluster = await startCluster({
    db: options.db,
    processes: options.processes,
    seed: true,
    seedApiKey: KEY,
    name: "bench-http",
    // The per-key limit stays on, so its cost is measured, but far above what the load reaches
    // (BENCH_API_RATE_LIMIT=0 measures without it).
    // ALLOW_PRIVATE_GATEWAYS: the `messages_queued` route's instance has a fake gateway on loopback.
    // The dispatcher is off here (BENCH_OUTBOX_DISPATCHER=on turns it on): this measures the send
    // path with its outbox write; `npm run bench -- dispatch` measures the delivery side.
    env: {
      API_RATE_LIMIT: process.env.BENCH_API_RATE_LIMIT ?? "1000000/1000000",
      ALLOW_PRIVATE_GATEWAYS: "1",
      OUTBOX_DISPATCHER: process.env.BENCH_OUTBOX_DISPATCHER ?? "off",
    },
    logDir: path.join(tmpdir(), "number-router-bench-logs"),
  });
  try {
    if (options.sse) await sseBench(cluster, options);
    else await loadBench(cluster, options);
  } finally {
    agent.destroy();
    await cluster.stop();
  }
}

async function loadBench(cluster: Cluster, options: Options) {
  const urls = (p: string) => cluster.urls.map((u) => `${u}${p}`);
  const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
  // A seeded Acme contact with no tags and no assignment: the default WhatsApp instance sends.
  const send = JSON.stringify({ channel: "whatsapp", phone: "+15552000001", body: "Your order has shipped!" });
  // `messages_queued`: the same send to a number with a gateway connection (a fake of our webhook
  // kind on loopback), so it is stored with its outbox item and answered `queued` — the send path
  // with the outbox write (the dispatcher is off unless BENCH_OUTBOX_DISPATCHER=on).
  const gateway = await new FakeWebhookGateway(null).start();
  const queued = JSON.stringify({
    channel: "whatsapp",
    phone: "+15552000001",
    body: `Your order has shipped! {{WA#${await connectOne(cluster, gateway.url)}}}`,
  });
  const targets: Record<"trivial" | "route" | "messages" | "messages_queued", Target> = {
    trivial: { url: urls("/api/v1/health"), method: "GET" },
    route: { url: urls("/api/v1/route"), method: "POST", headers, body: send },
    messages: { url: urls("/api/v1/messages"), method: "POST", headers, body: send },
    messages_queued: { url: urls("/api/v1/messages"), method: "POST", headers, body: queued },
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
      db: options.db,
      processes: options.processes,
    };
    console.log(JSON.stringify(line));
  }
  await gateway.stop();
}

/** Connects a connected, non-default WhatsApp number to the fake gateway; answers its index. */
async function connectOne(cluster: Cluster, gatewayUrl: string): Promise<number> {
  const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
  const base = cluster.urls[0];
  const list = (await (await fetch(`${base}/api/v1/instances`, { headers: auth })).json()) as {
    data: { id: string; index: number; channel: string; status: string; isDefault: boolean }[];
  };
  const target = list.data.find((i) => i.channel === "whatsapp" && i.status === "connected" && !i.isDefault);
  if (!target) throw new Error("no connected WhatsApp number to connect to the fake gateway");
  const patched = await fetch(`${base}/api/v1/instances/${target.id}`, {
    method: "PATCH",
    headers: auth,
    body: JSON.stringify({ gateway: { kind: "webhook", url: `${gatewayUrl}/send` } }),
  });
  if (!patched.ok) throw new Error(`connecting the fake gateway: ${patched.status} ${await patched.text()}`);
  return target.index;
}

/**
 * 1,000 (--streams) open event streams on one process: the fan-out delay of a status change to
 * every stream, and the server's memory per open stream (VmRSS of the `next start` process).
 */
async function sseBench(cluster: Cluster, options: Options) {
  const base = cluster.urls[0];
  const auth = { authorization: `Bearer ${KEY}` };
  const serverPid = cluster.serverPid(0);
  if (!serverPid) throw new Error("Could not find the next start process.");
  const instances = (await (await fetch(`${base}/api/v1/instances`, { headers: auth })).json()) as {
    data: { id: string; channel: string; status: string; isDefault: boolean }[];
  };
  const target =
    instances.data.find((i) => i.channel === "whatsapp" && i.status === "connected" && !i.isDefault) ??
    instances.data.find((i) => i.status === "connected");
  if (!target) throw new Error("No connected demo instance to flip.");
  const sseAgent = new http.Agent({ keepAlive: true, maxSockets: options.streams + 16 });

  // Warm-up: the events route and the status route compiled and JIT-warmed before the baseline.
  for (let i = 0; i < 20; i++) (await openSse(`${base}/api/v1/events`, auth, sseAgent)).close();
  await new Promise((r) => setTimeout(r, 500));
  const gc = () => new Promise((r) => setTimeout(r, 2_000)); // let the server settle (GC, freed sockets)
  await gc();
  const rssBefore = rssKb(serverPid) ?? 0;

  const streams: SseClient[] = [];
  const opening = performance.now();
  for (let i = 0; i < options.streams; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, options.streams - i) }, () => openSse(`${base}/api/v1/events`, auth, sseAgent).catch(() => null)),
    );
    for (const s of batch) if (s) streams.push(s);
  }
  const openMs = performance.now() - opening;
  await gc();
  const rssAfter = rssKb(serverPid) ?? 0;

  const delays: number[] = [];
  // Per change: streams that got it, the slowest, and how long the status request itself took
  // (delays are measured from the moment it was sent, so they include it).
  const rounds: { received: number; max_ms: number; status_request_ms: number }[] = [];
  const steps = [{ status: "disconnected", reason: "transient" }, { status: "connecting" }, { status: "connected" }];
  let missed = 0;
  for (const step of steps) {
    const marks = streams.map((s) => s.events.length);
    const started = performance.now();
    const response = await fetch(`${base}/api/v1/instances/${target.id}/status`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(step),
    });
    if (!response.ok) throw new Error(`Status change answered ${response.status}: ${await response.text()}`);
    const answeredMs = performance.now() - started;
    const arrivals = await Promise.all(
      streams.map((s, i) =>
        s.waitFor((e) => e.event === "instance.status_changed" && e.data.includes(`"to":"${step.status}"`), marks[i], 10_000),
      ),
    );
    const got = arrivals.filter((a): a is number => a !== null).map((a) => a - started);
    missed += arrivals.length - got.length;
    delays.push(...got);
    rounds.push({ received: got.length, max_ms: Math.round(Math.max(0, ...got)), status_request_ms: Math.round(answeredMs) });
  }
  for (const s of streams) s.close();
  sseAgent.destroy();
  delays.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(delays[Math.min(delays.length - 1, Math.floor(delays.length * p))] ?? 0);
  console.log(
    JSON.stringify({
      bench: "http.sse",
      streams: options.streams,
      connected: streams.length,
      open_ms: Math.round(openMs),
      events: delays.length,
      missed,
      p50_ms: pct(0.5),
      p99_ms: pct(0.99),
      max_ms: Math.round(delays.at(-1) ?? 0),
      rounds,
      rss_before_mb: Math.round(rssBefore / 102.4) / 10,
      rss_after_mb: Math.round(rssAfter / 102.4) / 10,
      kb_per_stream: streams.length ? Math.round(((rssAfter - rssBefore) / streams.length) * 10) / 10 : null,
      db: options.db,
      processes: 1,
    }),
  );
}

type SseClient = {
  events: { event: string; data: string; at: number }[];
  waitFor(match: (e: { event: string; data: string }) => boolean, from: number, timeoutMs: number): Promise<number | null>;
  close(): void;
};

/** One raw GET /events over `agent`; resolves once the server has sent its first bytes. */
function openSse(url: string, headers: Record<string, string>, sseAgent: http.Agent): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const events: SseClient["events"] = [];
    const waiters = new Set<() => void>();
    let buffer = "";
    const request = http.get(url, { headers: { ...headers, accept: "text/event-stream" }, agent: sseAgent }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET /events answered ${response.statusCode}`));
        return;
      }
      response.setEncoding("utf8");
      let opened = false;
      response.on("data", (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (data) events.push({ event, data, at });
        }
        for (const wake of waiters) wake();
        if (!opened) {
          opened = true;
          resolve(client);
        }
      });
      response.on("error", () => undefined);
    });
    request.on("error", reject);
    const client: SseClient = {
      events,
      waitFor(match, from, timeoutMs) {
        return new Promise((done) => {
          const check = () => {
            const found = events.slice(from).find(match);
            if (found) finish(found.at);
          };
          const timer = setTimeout(() => finish(null), timeoutMs);
          function finish(value: number | null) {
            clearTimeout(timer);
            waiters.delete(check);
            done(value);
          }
          waiters.add(check);
          check();
        });
      },
      close() {
        request.destroy();
      },
    };
  });
}

/**
 * An open-loop load at a fixed rate: one request every 1000/rate ms, whatever the responses do
 * (autocannon's rate limit sends each second's quota in a burst, which measures bursts instead),
 * to the target's URLs in turn. Latency is measured from the scheduled send time, so a stalled
 * server cannot hide its queue.
 */
async function paced(target: Target, rate: number, seconds: number): Promise<AutocannonResult> {
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
      send(target, target.url[i % target.url.length]).then(
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
  return {
    requests: { average: latencies.length / seconds },
    latency: { p99 },
    non2xx,
    errors,
    timeouts: 0,
    "2xx": latencies.length - non2xx,
  };
}

function send(target: Target, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: target.method, headers: target.headers, agent, timeout: 10_000 }, (response) => {
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

/** autocannon over all of the target's URLs (its connections are dealt to them in turn). */
function load(target: Target, options: { duration: number; overallRate?: number }) {
  const connections = CONNECTIONS * target.url.length;
  return autocannon({ ...target, url: target.url.length === 1 ? target.url[0] : target.url, connections, pipelining: 1, ...options });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runHttpBench(process.argv.slice(2));
}
