import "server-only";
// This process's identity (a boot id) and its heartbeat in the AppProcess table. Work a process
// holds (an Idempotency-Key in flight) carries its boot id; another process may take the work
// over as soon as the owner's heartbeat is older than DEAD_AFTER_MS — a crashed process is
// known dead within seconds, not after a fixed long wait.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { processSingleton } from "@/lib/process-singleton";

const HEARTBEAT_MS = 1_000;
const DEAD_AFTER_MS = 5_000;

type ProcessState = { id: string; registered: Promise<void> | null };
const state = processSingleton<ProcessState>("app-process", () => ({ id: randomUUID(), registered: null }));

/** This process's boot id, registered (and beating) once it is first asked for. */
export async function currentProcessId(): Promise<string> {
  state.registered ??= register();
  await state.registered;
  return state.id;
}

async function register(): Promise<void> {
  const now = new Date();
  await db.appProcess.create({ data: { id: state.id, startedAt: now, heartbeatAt: now } });
  const timer = setInterval(() => {
    db.appProcess
      .update({ where: { id: state.id }, data: { heartbeatAt: new Date() } })
      .catch((error: Error) => console.error("[process] heartbeat failed:", error.message));
  }, HEARTBEAT_MS);
  timer.unref();
}

/** Whether the process `id` beat recently (a missing row is a process long gone). */
export async function isProcessAlive(id: string, now = Date.now()): Promise<boolean> {
  if (id === state.id) return true;
  const row = await db.appProcess.findUnique({ where: { id }, select: { heartbeatAt: true } });
  return row !== null && row.heartbeatAt.getTime() > now - DEAD_AFTER_MS;
}
