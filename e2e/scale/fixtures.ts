// Fixtures of the scale-out suite (SPEC §5): one 2-process cluster per database kind (the
// project — `sqlite` or `postgres` — picks the kind, so every scenario runs on both), a Prisma
// client on the same database, and a fresh tenant per test created straight in the database with
// the shared factories. The cluster is started on first use and kept for the whole run, across
// the worker restarts Playwright makes after each failed test (see global-setup.ts).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test as base, expect } from "@playwright/test";
import { createPrismaClient } from "@/lib/db/create-client";
import { createUser } from "@/lib/seed/factories";
import { TEST_HOST_MAP } from "../support/constants";
import { createTenantRows, type Db, type InstanceSpec, retryBusy } from "../support/tenant";
import { attachCluster, type Cluster, type ClusterState, type DbKind, ROOT, startCluster } from "./cluster";

/**
 * The app refuses webhook URLs on loopback (SSRF guard); TEST_HOST_MAP (lib/env.ts) is its one
 * test-only way through: `receiver.test` resolves to 127.0.0.1 for these processes only.
 */
// Both processes look for alert conditions every second (e2e/scale/11-alerts.spec.ts), and send
// alert e-mail to an SMTP server that e2e/scale/12-alert-mail.spec.ts runs on SCALE_SMTP_PORT
// (locations without alertEmails owe none), trying a refused one again after 1 s, 2 s, 4 s….
export const SCALE_SMTP_PORT = 2526;
const APP_TEST_ENV = {
  TEST_HOST_MAP,
  ALERT_SWEEP: "1",
  SMTP_URL: `smtp://127.0.0.1:${SCALE_SMTP_PORT}`,
  SMTP_FROM: "Router <alerts@router.test>",
  ALERT_MAIL_RETRY_SECONDS: "1",
};

/**
 * Host name for a receiver on 127.0.0.1 that the app under test posts webhooks to: `receiver.test`
 * where the app has the URL guard (and TEST_HOST_MAP), plain 127.0.0.1 in a version without it.
 */
export const RECEIVER_HOST = readFileSync(path.join(ROOT, "lib/env.ts"), "utf8").includes("TEST_HOST_MAP") ? "receiver.test" : "127.0.0.1";

export type TenantOptions = {
  instances?: InstanceSpec[];
  rotationStrategy?: string;
  /** JSON array, e.g. "[10,20,40,80,160]". */
  warmingDailyLimits?: string;
  webhook?: { url: string; secret: string };
};

// biome-ignore lint/suspicious/noExplicitAny: a reply's JSON is whatever the route answers; each test asserts the fields it reads
export type Reply = { status: number; body: any; headers: Headers; ms: number };

/** The API of one tenant, through any process of the cluster (`proc` = index into cluster.urls). */
export class ScaleApi {
  /** `urls`: base URLs of the processes, or a function giving them (a cluster's current ones). */
  constructor(
    private readonly processUrls: string[] | (() => string[]),
    readonly key: string,
  ) {}
  get urls() {
    return typeof this.processUrls === "function" ? this.processUrls() : this.processUrls;
  }
  /** The same tenant through other processes. */
  on(urls: string[]) {
    return new ScaleApi(urls, this.key);
  }
  url(proc: number, path: string) {
    const urls = this.urls;
    return `${urls[proc % urls.length]}/api/v1${path}`;
  }
  /** One request; network errors (refused, reset, timeout) throw. */
  async call(
    proc: number,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = 20_000,
  ): Promise<Reply> {
    const started = performance.now();
    const response = await fetch(this.url(proc, path), {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers, ms: performance.now() - started };
  }
  get(proc: number, path: string) {
    return this.call(proc, "GET", path);
  }
  post(proc: number, path: string, body?: unknown, headers?: Record<string, string>) {
    return this.call(proc, "POST", path, body, headers);
  }
  patch(proc: number, path: string, body?: unknown) {
    return this.call(proc, "PATCH", path, body);
  }
}

export type Tenant = {
  id: string;
  key: string;
  /** "whatsapp#1" → instance id */
  instances: Record<string, string>;
  api: ScaleApi;
};

type WorkerFixtures = { dbKind: DbKind; cluster: Cluster; db: Db };
type TestFixtures = { tenant: (options?: TenantOptions) => Promise<Tenant> };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  dbKind: ["sqlite", { scope: "worker", option: true }],
  cluster: [
    async ({ dbKind }, use, workerInfo) => {
      const dir = process.env.SCALE_CLUSTER_DIR;
      if (!dir) {
        // Without the suite's global setup: a cluster of this worker's own.
        const cluster = await startCluster({
          db: dbKind,
          processes: 2,
          seed: false,
          env: APP_TEST_ENV,
          name: `${dbKind}-w${workerInfo.workerIndex}`,
        });
        try {
          await use(cluster);
        } finally {
          await cluster.stop();
        }
        return;
      }
      await use(await sharedCluster(dir, dbKind));
    },
    { scope: "worker", timeout: 180_000 },
  ],
  db: [
    async ({ cluster }, use) => {
      const db = createPrismaClient(cluster.databaseUrl);
      await use(db);
      await db.$disconnect();
    },
    { scope: "worker" },
  ],
  tenant: async ({ cluster, db }, use) => {
    await use((options = {}) => retryBusy(() => createTenant(cluster, db, options)));
  },
});

async function createTenant(cluster: Cluster, db: Db, options: TenantOptions): Promise<Tenant> {
  const { id, key, instances, tag } = await createTenantRows(db, { name: "Scale test", keyPrefix: "nr_scale", ...options });
  if (options.warmingDailyLimits || options.webhook) {
    await db.location.update({
      where: { id },
      data: { warmingDailyLimits: options.warmingDailyLimits, webhookUrl: options.webhook?.url, webhookSecret: options.webhook?.secret },
    });
  }
  await createUser(db, { email: `scale-admin-${tag}@test.example`, name: `Admin ${tag}`, locationId: id, role: "admin" });
  return { id, key, instances, api: new ScaleApi(() => cluster.urls, key) };
}

/**
 * The run's cluster for `kind`: attached when an earlier worker started it, else started here with
 * processes that outlive this worker. A failed start is remembered, so the remaining tests of that
 * kind fail at once with the same error instead of each trying again.
 */
async function sharedCluster(dir: string, kind: DbKind): Promise<Cluster> {
  const file = path.join(dir, `${kind}.json`);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { state?: ClusterState; error?: string };
    if (saved.error) throw new Error(`The ${kind} cluster could not start (first attempt in this run):\n${saved.error}`);
    const cluster = attachCluster(saved.state!);
    if (cluster.processes.every((p) => p.isAlive())) return cluster;
    await cluster.stop(); // a process died (a crash under test): start afresh
  }
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      db: kind,
      processes: 2,
      seed: false,
      persistent: true,
      watchdogPid: Number(process.env.SCALE_RUNNER_PID) || undefined,
      env: APP_TEST_ENV,
      name: `${kind}-${Date.now().toString(36)}`,
    });
  } catch (error) {
    writeFileSync(file, JSON.stringify({ error: String((error as Error).stack ?? error) }));
    throw error;
  }
  writeFileSync(file, JSON.stringify({ state: cluster.state() }));
  return cluster;
}

/** `n` WhatsApp instances, connected, with phones +1 555 <block> 000N. */
export function whatsappPool(n: number, block: string, extra: Partial<InstanceSpec> = {}): InstanceSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    channel: "whatsapp" as const,
    index: i + 1,
    phone: `+1 555 ${block} ${String(i + 1).padStart(4, "0")}`,
    ...extra,
  }));
}

/** A possible US number, unique per (block, i): +1 555 <block> <i>. */
export function phone(block: string, i: number) {
  return `+1555${block}${String(i).padStart(4, "0")}`;
}

/** Counts of each value, as a plain object sorted by key (readable in assertion messages). */
export function tally<T extends string | number>(values: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

/** How many messages the location stored per instance index (`where` narrows them), as a tally. */
export async function storedPerInstance(db: Db, where: { locationId: string; errorCode?: number | null }): Promise<Record<string, number>> {
  const groups = await db.message.groupBy({ by: ["instanceIndex"], where, _count: { _all: true }, orderBy: { instanceIndex: "asc" } });
  return Object.fromEntries(groups.map((g) => [String(g.instanceIndex), g._count._all]));
}

export { expect };
