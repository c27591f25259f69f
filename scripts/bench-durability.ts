// Durability benchmark (issue 9, docs/decisions/007-durability.md): the cost of SQLite's
// `synchronous = FULL` (the WAL is fsynced at every commit) against `NORMAL` (fsynced at
// checkpoints only) on the send path's own code, on a fresh migrated file:
// - `batch_N`: lib/db/send-store-sqlite's commitBatch of N sends, one after another (the raw
//   price of one commit; latency per commit);
// - `group_commit.cN`: N concurrent senders through lib/routing/send-queue (the group commit:
//   sends queued while a commit runs share the next one), each sending again as soon as its
//   send committed (latency per send).
// Each mode runs in its own process (the mode is read from SQLITE_SYNCHRONOUS like the app
// does); rounds alternate the modes and medians are reported, because the machine is shared.
// One JSON object per line:
//   {"bench":"durability.full.batch_8","commits_per_s":N,"sends_per_s":N,"p50_ms":N,"p99_ms":N}
// Run: npm run bench -- durability   (BENCH_DURABILITY_SECONDS=3 per case and round)
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const MODES = ["normal", "full"] as const;
const BATCHES = [1, 8, 64];
const CONCURRENCY = [16, 64];
const ROUNDS = 3;
const SECONDS = Number(process.env.BENCH_DURABILITY_SECONDS ?? 3);

type Result = { bench: string; commits_per_s: number; sends_per_s: number; p50_ms: number; p99_ms: number };

export async function runDurabilityBench(): Promise<void> {
  const runs = new Map<string, Result[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? [...MODES].reverse() : MODES) {
      for (const result of runChild(mode)) runs.set(result.bench, [...(runs.get(result.bench) ?? []), result]);
    }
  }
  for (const [bench, results] of runs) {
    const median = (key: keyof Omit<Result, "bench">) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    console.log(
      JSON.stringify({
        bench,
        commits_per_s: median("commits_per_s"),
        sends_per_s: median("sends_per_s"),
        p50_ms: median("p50_ms"),
        p99_ms: median("p99_ms"),
      }),
    );
  }
}

/** One process per mode: the app's own modules read SQLITE_SYNCHRONOUS and DATABASE_URL once. */
function runChild(mode: (typeof MODES)[number]): Result[] {
  const file = path.join(tmpdir(), `number-router-bench-durability-${process.pid}-${mode}.db`);
  const clean = () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  };
  clean();
  try {
    const child = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/bench-durability.ts", "--child"], {
      env: { ...process.env, DATABASE_URL: `file:${file}`, SQLITE_SYNCHRONOUS: mode, NODE_ENV: "production" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (child.status !== 0) throw new Error(`durability bench (${mode}) exited with ${child.status}`);
    return child.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Result);
  } finally {
    clean();
  }
}

/** In the child: a location with three connected WhatsApp numbers, then timed commits per batch size. */
async function child(): Promise<void> {
  const { databaseUrl, env } = await import("@/lib/env");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { createPrismaClient } = await import("@/lib/db/create-client");
  const { createContact, createInstance, createLocation } = await import("@/lib/seed/factories");
  const { emptyWrites, sendStore } = await import("@/lib/db/send-store");
  const { utcDayKey, utcHourKey } = await import("@/lib/engine/time");
  const { eventRow } = await import("@/lib/events/append-event");
  await migrateDatabase(databaseUrl());
  const prisma = createPrismaClient(databaseUrl());
  const location = await createLocation(prisma, { name: "Durability bench" });
  const instances = await Promise.all(
    [1, 2, 3].map((index) =>
      createInstance(prisma, {
        locationId: location.id,
        channel: "whatsapp",
        index,
        phone: `+1 555 010 000${index}`,
        label: `WA ${index}`,
        status: "connected",
      }),
    ),
  );
  const contact = await createContact(prisma, { locationId: location.id, phone: "+1 555 200 0001", name: "Bench" });
  await prisma.$disconnect();
  const key = { locationId: location.id, channel: "whatsapp" as const };
  const trace = JSON.stringify(
    Array.from({ length: 6 }, (_, i) => ({
      rule: `rule_${i}`,
      outcome: "skipped",
      detail: "Default instance #2 +1 555 010 0002 is disconnected (logged out) — skipped",
    })),
  );
  const day = utcDayKey(Date.now());
  const scope = { day, hour: utcHourKey(Date.now()), contactIds: [] };
  const routed = (
    m: { id: string; contactId: string; instanceId: string; instanceIndex: number; instancePhone: string | null; instanceLabel: string },
    at: Date,
  ) =>
    eventRow({
      type: "message.routed",
      data: {
        messageId: m.id,
        channel: "whatsapp",
        contactId: m.contactId,
        rule: "any_available",
        status: "sent",
        instanceId: m.instanceId,
        index: m.instanceIndex,
        phone: m.instancePhone,
        label: m.instanceLabel,
        at: at.toISOString(),
      },
    });
  const plan = (size: number) => () => {
    const now = new Date();
    const messages = Array.from({ length: size }, (_, i) => {
      const instance = instances[i % instances.length];
      return {
        id: randomUUID(),
        locationId: location.id,
        channel: "whatsapp",
        contactId: contact.id,
        instanceId: instance.id,
        instanceIndex: instance.index,
        instancePhone: instance.phone,
        instanceLabel: instance.label,
        status: "sent",
        sentAt: now,
        rule: "any_available",
        errorCode: null,
        errorName: null,
        requestedBody: "Your order has shipped!",
        body: "Your order has shipped!",
        trace,
        warnings: "[]",
        source: "api",
        sourceRef: null,
        createdAt: now,
      };
    });
    return {
      ...emptyWrites(),
      messages,
      events: messages.map((m) => ({ locationId: location.id, ...routed(m, now), createdAt: now })),
      rotation: { state: JSON.stringify({ lastIndex: 1 }), at: now },
      counters: instances.map((i) => ({ instanceId: i.id, locationId: location.id, channel: "whatsapp", day, add: Math.ceil(size / 3) })),
    };
  };
  for (const size of BATCHES) {
    for (let i = 0; i < 20; i++) await sendStore().commitBatch(key, scope, plan(size)); // warm-up
    const times: number[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await sendStore().commitBatch(key, scope, plan(size));
      times.push(performance.now() - t0);
    }
    const elapsed = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    console.log(
      JSON.stringify({
        bench: `durability.${env().SQLITE_SYNCHRONOUS}.batch_${size}`,
        commits_per_s: Math.round(times.length / elapsed),
        sends_per_s: Math.round((times.length * size) / elapsed),
        p50_ms: round(times[Math.floor(times.length / 2)]),
        p99_ms: round(times[Math.floor(times.length * 0.99)]),
      }),
    );
  }
  const { enqueueSend } = await import("@/lib/routing/send-queue");
  const version = (await sendStore().configVersion(location.id))!;
  const one = (_live: unknown, now: number) => {
    const rows = plan(1)();
    const message = { ...rows.messages[0], createdAt: new Date(now) };
    return {
      message,
      event: routed(message, message.createdAt),
      webhook: null,
      idempotency: null,
      rotation: null,
      countInstanceId: message.instanceId,
      delivery: null,
      binding: null,
    };
  };
  for (const concurrency of CONCURRENCY) {
    const times: number[] = [];
    let commits = 0;
    const counting = sendStore().commitBatch;
    const store = sendStore();
    store.commitBatch = (...args) => {
      commits++;
      return counting.apply(store, args);
    };
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          if ((await enqueueSend(key, version, contact.id, one)) !== "done") throw new Error("stale configuration");
          times.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    store.commitBatch = counting;
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: `durability.${env().SQLITE_SYNCHRONOUS}.group_commit.c${concurrency}`,
        commits_per_s: Math.round(commits / elapsed),
        sends_per_s: Math.round(times.length / elapsed),
        p50_ms: Math.round(times[Math.floor(times.length / 2)] * 100) / 100,
        p99_ms: Math.round(times[Math.floor(times.length * 0.99)] * 100) / 100,
      }),
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await (process.argv.includes("--child") ? child() : runDurabilityBench());
}
