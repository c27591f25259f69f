// Several app processes on one database (SPEC §5 "Scale-out"), for the scale-out suite and the
// HTTP benchmark. Each process is `node --import tsx scripts/start.ts` (the production build:
// `npm run build` first) in its own process group, so that `kill(-pid, "SIGKILL")` takes down the
// start script and its `next start` child together, like a crashed machine.
//
// By default (`seed: true`) the first process migrates and seeds the empty database (demo data,
// "Acme Store" gets `seedApiKey`) and the others start once it answers /api/v1/health. With
// `seed: false` the harness migrates the database itself and adds one placeholder location, so
// start.ts finds a non-empty database and skips the ~10 s demo seed; all processes then start
// at once. Logs go to one file per process (test-reports/scale-logs/ by default).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { E2E_ENCRYPTION_KEY, E2E_OUTBOX_TIMING } from "@/e2e/support/constants";
import { createPrismaClient } from "@/lib/db/create-client";
import { migrateDatabase } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/lib/db/scratch-database";
import { createLocation } from "@/lib/seed/factories";
import { dropDatabase as dropTestDatabase } from "../support/databases";

export type DbKind = "sqlite" | "postgres";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCALE_AUTH_SECRET = "scale-out-secret-scale-out-secret-0123456789";

export type ClusterOptions = {
  db: DbKind;
  processes?: number;
  /** Demo seed by the first process (true, default), or a migrated database with one placeholder location. */
  seed?: boolean;
  /** Seeds the demo location "Acme Store" with this API key (≥ 20 chars). */
  seedApiKey?: string;
  /** Extra environment for every process. */
  env?: Record<string, string>;
  /** Where the per-process logs go. */
  logDir?: string;
  /** A short name for log files. */
  name?: string;
  /** ms to wait for one process to answer /api/v1/health. */
  startTimeoutMs?: number;
  /**
   * Processes that outlive this Node process (the suite keeps one cluster per database across
   * Playwright's worker restarts; its global teardown stops them). Default: killed on exit.
   */
  persistent?: boolean;
  /** With `persistent`: a watchdog kills each process group once this pid (the test runner) is gone. */
  watchdogPid?: number;
};

export type AppProcess = {
  index: number;
  port: number;
  url: string;
  /** pid of the start script = its process group id. */
  pid: number;
  logFile: string;
  isAlive(): boolean;
  /** Resolves when the process has exited (only for processes this Node process spawned). */
  exited: Promise<unknown>;
};

/** What a cluster is, as JSON (to hand it to another process and attach to it there). */
export type ClusterState = {
  kind: DbKind;
  databaseUrl: string;
  seedApiKey: string;
  processes: { index: number; port: number; pid: number; logFile: string }[];
};

export type Cluster = Omit<ClusterState, "processes"> & {
  processes: AppProcess[];
  /** Base URLs (http://127.0.0.1:PORT) of the processes, in order. */
  urls: string[];
  /** Sends `signal` to the process group of process `i` (start script + next start). */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** pid of the `next start` server of process `i` (a child of the start script). */
  serverPid(i: number): number | null;
  /** Stops every process and drops the database. */
  stop(): Promise<void>;
  state(): ClusterState;
};

/** Process groups still running, killed when this Node process exits whatever the reason. */
const ownedGroups = new Set<number>();
let exitHookInstalled = false;
function own(pgid: number) {
  ownedGroups.add(pgid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const id of ownedGroups) killGroup(id, "SIGKILL");
  });
}

function appEnv(options: { port: number; databaseUrl: string; seedApiKey: string; env?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    AUTH_SECRET: SCALE_AUTH_SECRET,
    ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
    ...E2E_OUTBOX_TIMING,
    SEED_API_KEY: options.seedApiKey,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    WEBHOOK_WORKER: "on",
    API_RATE_LIMIT: "0",
    ...options.env,
  };
}

/** Starts one app process (`npm start`) in its own process group and waits for /api/v1/health. */
export async function startAppProcess(options: {
  index: number;
  databaseUrl: string;
  seedApiKey: string;
  logFile: string;
  port?: number;
  env?: Record<string, string>;
  persistent?: boolean;
  watchdogPid?: number;
  wait?: boolean;
  startTimeoutMs?: number;
}): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", fd, fd],
      env: appEnv({ port, databaseUrl: options.databaseUrl, seedApiKey: options.seedApiKey, env: options.env }),
    });
  } finally {
    closeSync(fd);
  }
  if (!child.pid) throw new Error("Could not spawn the app process.");
  if (options.persistent) {
    child.unref();
    if (options.watchdogPid) startWatchdog(options.watchdogPid, child.pid);
  } else {
    own(child.pid);
  }
  let exited = false;
  const proc: AppProcess = {
    index: options.index,
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    logFile: options.logFile,
    isAlive: () => !exited,
    exited: new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        exited = true;
        resolve(code ?? signal);
      }),
    ),
  };
  if (options.wait !== false) await waitHealthy(proc, options.startTimeoutMs);
  return proc;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");
  const count = options.processes ?? 2;
  const seed = options.seed ?? true;
  const name = options.name ?? `${options.db}-${randomBytes(3).toString("hex")}`;
  const seedApiKey = options.seedApiKey ?? `nr_scale_seed_${randomBytes(12).toString("hex")}`;
  const logDir = options.logDir ?? path.join(ROOT, "test-reports/scale-logs");

  const databaseUrl =
    options.db === "postgres"
      ? (await createScratchDatabase("scale")).url
      : `file:${path.join(tmpdir(), `nr-scale-${name}-${process.pid}-${randomBytes(3).toString("hex")}.db`)}`;
  const processes: AppProcess[] = [];
  const cluster = clusterOf({ kind: options.db, databaseUrl, seedApiKey, processes: [] }, processes);
  try {
    if (!seed) {
      await migrateDatabase(databaseUrl);
      const db = createPrismaClient(databaseUrl);
      try {
        await createLocation(db, { name: "Scale harness placeholder" });
      } finally {
        await db.$disconnect();
      }
    }
    const spawnOne = async (index: number, wait: boolean) => {
      const proc = await startAppProcess({
        index,
        databaseUrl,
        seedApiKey,
        logFile: path.join(logDir, `${name}-p${index}.log`),
        env: options.env,
        persistent: options.persistent,
        watchdogPid: options.watchdogPid,
        wait: false,
      });
      processes[index] = proc;
      if (wait) await waitHealthy(proc, options.startTimeoutMs);
    };
    if (seed) {
      // The first process migrates and seeds: the others must find a ready database.
      await spawnOne(0, true);
      await Promise.all(Array.from({ length: count - 1 }, (_, i) => spawnOne(i + 1, true)));
    } else {
      await Promise.all(Array.from({ length: count }, (_, i) => spawnOne(i, true)));
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** A cluster another process started (see ClusterState), e.g. before a Playwright worker restart. */
export function attachCluster(state: ClusterState): Cluster {
  const processes = state.processes.map(
    (p): AppProcess => ({
      ...p,
      url: `http://127.0.0.1:${p.port}`,
      isAlive: () => groupAlive(p.pid),
      exited: waitGroupGone(p.pid),
    }),
  );
  return clusterOf(state, processes);
}

function clusterOf(base: ClusterState, processes: AppProcess[]): Cluster {
  const stopProcess = async (proc: AppProcess) => {
    if (proc.isAlive()) {
      killGroup(proc.pid, "SIGTERM");
      const timedOut = await Promise.race([proc.exited.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut) killGroup(proc.pid, "SIGKILL");
      await Promise.race([proc.exited, sleep(2_000)]);
    }
    // The leader is gone; make sure no `next start` child outlives it.
    killGroup(proc.pid, "SIGKILL");
    ownedGroups.delete(proc.pid);
  };
  return {
    ...base,
    processes,
    get urls() {
      return processes.map((p) => p.url);
    },
    async kill(i, signal = "SIGKILL") {
      const proc = processes[i];
      killGroup(proc.pid, signal);
      await proc.exited;
      if (signal === "SIGKILL") ownedGroups.delete(proc.pid);
    },
    serverPid(i) {
      const leader = processes[i]?.pid;
      return leader ? findServerPid(leader) : null;
    },
    async stop() {
      await Promise.all(processes.filter(Boolean).map(stopProcess));
      await dropDatabase(base.databaseUrl).catch((error) => console.error(`[cluster] could not drop ${base.databaseUrl}:`, error));
    },
    state() {
      return {
        kind: base.kind,
        databaseUrl: base.databaseUrl,
        seedApiKey: base.seedApiKey,
        processes: processes.map(({ index, port, pid, logFile }) => ({ index, port, pid, logFile })),
      };
    },
  };
}

/**
 * A tiny detached process that SIGKILLs process group `pgid` when `watched` (the test runner) is
 * gone without stopping it (killed, crashed); it exits by itself once the group is gone.
 */
function startWatchdog(watched: number, pgid: number) {
  const code = `
    const [watched, pgid] = process.argv.slice(1).map(Number);
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    setInterval(() => {
      if (!alive(-pgid)) process.exit(0);
      if (!alive(watched)) { try { process.kill(-pgid, "SIGKILL"); } catch {} process.exit(0); }
    }, 1000);`;
  spawn(process.execPath, ["-e", code, String(watched), String(pgid)], { detached: true, stdio: "ignore" }).unref();
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  if (!databaseUrl.startsWith("file:")) {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    if (!/^nr_[a-z0-9_]+$/.test(name)) throw new Error(`Refusing to drop ${name}: not a test database.`);
  }
  await dropTestDatabase(databaseUrl);
}

async function waitHealthy(proc: AppProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.isAlive()) throw new Error(`App process ${proc.index} (port ${proc.port}) exited during start-up:\n${tail(proc.logFile)}`);
    try {
      const response = await fetch(`${proc.url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`App process ${proc.index} did not answer /api/v1/health within ${timeoutMs / 1000} s:\n${tail(proc.logFile)}`);
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .slice(-lines)
      .map((l) => `  | ${l}`)
      .join("\n");
  } catch {
    return "  (no log)";
  }
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGroupGone(pgid: number): Promise<void> {
  while (groupAlive(pgid)) await sleep(100);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The descendant of `leader` that serves HTTP: `next-server` by name, else the largest RSS. */
function findServerPid(leader: number): number | null {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  const descendants: number[] = [];
  const queue = [...(children.get(leader) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    descendants.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  if (!descendants.length) return null;
  const named = descendants.find((pid) => {
    try {
      return (
        /next-server/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8")) || /next-server/.test(readFileSync(`/proc/${pid}/comm`, "utf8"))
      );
    } catch {
      return false;
    }
  });
  if (named) return named;
  return descendants.map((pid) => ({ pid, rss: rssKb(pid) ?? 0 })).sort((a, b) => b.rss - a.rss)[0].pid;
}

/** VmRSS of `pid` in kB (null when the process is gone). */
export function rssKb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
