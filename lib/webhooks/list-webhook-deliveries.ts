import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";

/** The location's webhook deliveries with every attempt, newest first (admins' delivery log). */
export async function listWebhookDeliveries(options: { ctx: ServiceContext; take?: number }) {
  const rows = await db.webhookDelivery.findMany({
    where: { locationId: options.ctx.location.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.take ?? 50, 200),
    include: { attemptsLog: { orderBy: { attemptedAt: "asc" } } },
  });
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhookId,
    eventType: r.eventType,
    url: r.url,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === "pending" ? r.nextAttemptAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    payload: JSON.parse(r.payload) as unknown,
    attemptLog: r.attemptsLog.map((a) => ({
      at: a.attemptedAt.toISOString(),
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
    })),
  }));
}
