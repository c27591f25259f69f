// Dashboard page benchmark: a fresh database with the demo seed plus 100,000 contacts and 50,000
// messages, the production build on a loopback port, a signed-in admin session; then each page's
// server response time (full HTML) and the contact search. One JSON object per line:
// {"bench":"page.overview","p50_ms":N,"p99_ms":N}. Targets: pages < 200 ms, contact search < 100 ms.
// Needs `npm run build` first. Run: node --import tsx scripts/bench-pages.ts
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createPrismaClient } from "@/lib/db/create-client";
import { migrateSqlite } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/seed/demo";
import { seedScale } from "./seed-scale";

const PORT = Number(process.env.BENCH_PAGES_PORT ?? 3461);
const BASE = `http://127.0.0.1:${PORT}`;
const FILE = `${process.cwd()}/prisma/bench-pages.db`;
const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 30);

export async function runPagesBench() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(FILE + suffix, { force: true });
  migrateSqlite(FILE);
  const db = createPrismaClient(FILE);
  await seedDemo(db);
  await db.$disconnect();
  const scale = await seedScale(FILE);
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: `file:${FILE}`,
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-01",
      NODE_ENV: "production",
      WEBHOOK_WORKER: "off",
    },
    stdio: "ignore",
  });
  try {
    await waitFor(`${BASE}/login`);
    const cookie = await signIn("admin@demo.example", "admin-demo-pass");
    const L = scale.locationId;
    const ids = await firstIds(L);
    const pages: [string, string][] = [
      ["overview", "overview"],
      ["instances", "instances"],
      ["instance_detail", `instances/${ids.instanceId}`],
      ["contacts", "contacts"],
      ["team", "team"],
      ["routing", "routing?channel=whatsapp&body=Hello%20%7B%7B%20WA%232%20%7D%7D"],
      ["messages", "messages"],
      ["message_detail", `messages/${ids.messageId}`],
      ["doctor", "doctor"],
      ["settings", "settings"],
    ];
    for (const [name, path] of pages) report(`page.${name}`, await measure(`${BASE}/${L}/${path}`, cookie));
    report("contacts.search_phone_prefix", await measure(`${BASE}/${L}/contacts?q=%2B155600123`, cookie));
    report("contacts.search_name_prefix", await measure(`${BASE}/${L}/contacts?q=Maya`, cookie));
  } finally {
    server.kill("SIGTERM");
  }
}

function report(bench: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  console.log(JSON.stringify({ bench, p50_ms: pick(0.5), p99_ms: pick(0.99), runs: samples.length }));
}

async function measure(url: string, cookie: string) {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= 3) samples.push(performance.now() - t); // the first requests warm caches and compile nothing, but JIT
  }
  return samples;
}

async function signIn(email: string, password: string) {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfRes);
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  const session = cookiesOf(res);
  if (!session.includes("session-token")) throw new Error(`Sign-in failed (${res.status})`);
  return `${jar}; ${session}`;
}

function cookiesOf(res: Response) {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function firstIds(locationId: string) {
  const db = createPrismaClient(FILE);
  const instance = await db.instance.findFirstOrThrow({ where: { locationId }, select: { id: true } });
  const message = await db.message.findFirstOrThrow({ where: { locationId }, orderBy: { createdAt: "desc" }, select: { id: true } });
  await db.$disconnect();
  return { instanceId: instance.id, messageId: message.id };
}

async function waitFor(url: string) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runPagesBench();
