import "server-only";
// Idempotency-Key for POST /messages (SPEC §3): scoped to the location, kept 24 h. The same key
// and body replays the first response and sends nothing new; another body → 422
// idempotency_mismatch; while the first request is still in flight → 409 idempotency_in_progress.
// The record is created before the send (the unique index decides the race between duplicates)
// and completed in the send's own transaction, so a stored message always has its response.
// It carries the boot id of the process handling it: when that process dies (its heartbeat
// stops, lib/processes/app-process), the next retry takes the key over within seconds.
import { createHash, randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { DAY_MS } from "@/lib/engine/time";
import { AppError, invalidRequest } from "@/lib/errors";
import { currentProcessId, isProcessAlive } from "@/lib/processes/app-process";

const KEEP_MS = DAY_MS;
/** An in-flight record this old belongs to a request that hung in a live process: taken over too. */
const STALE_MS = 60_000;

export type IdempotencyStart = { kind: "new"; recordId: string } | { kind: "replay"; status: number; body: unknown };

export function idempotencyKey(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (key.length < 1 || key.length > 255) {
    throw invalidRequest([{ path: "Idempotency-Key", message: "The Idempotency-Key header must be 1 to 255 characters." }]);
  }
  return key;
}

export function requestHash(body: unknown): string {
  return createHash("sha256").update(stableStringify(body)).digest("hex");
}

export async function beginIdempotent(locationId: string, key: string, hash: string, now = Date.now()): Promise<IdempotencyStart> {
  const ownerId = await currentProcessId();
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = randomUUID();
    try {
      await db.idempotencyRecord.create({
        data: {
          id,
          locationId,
          key,
          requestHash: hash,
          state: "in_flight",
          ownerId,
          createdAt: new Date(now),
          expiresAt: new Date(now + KEEP_MS),
        },
      });
      return { kind: "new", recordId: id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await db.idempotencyRecord.findUnique({ where: { locationId_key: { locationId, key } } });
    if (!existing) continue;
    if (existing.expiresAt.getTime() <= now) {
      await db.idempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: existing.expiresAt } });
      continue;
    }
    if (existing.requestHash !== hash) {
      throw new AppError("idempotency_mismatch", "This Idempotency-Key was already used with a different request body.", { status: 422 });
    }
    if (existing.state === "done" && existing.responseStatus !== null && existing.responseBody !== null) {
      return { kind: "replay", status: existing.responseStatus, body: JSON.parse(existing.responseBody) as unknown };
    }
    const ownerDead = existing.ownerId !== null && existing.ownerId !== ownerId && !(await isProcessAlive(existing.ownerId, now));
    if (ownerDead || existing.createdAt.getTime() < now - STALE_MS) {
      // Conditional on the record as read: of two retries racing for it, one takes it over.
      const taken = await db.idempotencyRecord.updateMany({
        where: { id: existing.id, state: "in_flight", createdAt: existing.createdAt, ownerId: existing.ownerId },
        data: { createdAt: new Date(now), ownerId },
      });
      if (taken.count === 1) return { kind: "new", recordId: existing.id };
    }
    throw new AppError("idempotency_in_progress", "A request with this Idempotency-Key is still being processed: retry later.", {
      status: 409,
    });
  }
  throw new AppError("idempotency_in_progress", "A request with this Idempotency-Key is still being processed: retry later.", {
    status: 409,
  });
}

/** Completes a record for responses produced outside the send transaction (dry runs). */
export async function completeIdempotent(recordId: string, status: number, body: unknown): Promise<void> {
  await db.idempotencyRecord.update({
    where: { id: recordId },
    data: { state: "done", responseStatus: status, responseBody: JSON.stringify(body) },
  });
}

/** The request failed before anything was stored: let the client retry with the same key. */
export async function abandonIdempotent(recordId: string): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { id: recordId, state: "in_flight" } });
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}
