import "server-only";
import { forgetApiKeys } from "@/lib/api/authenticate";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recheckStreams } from "@/lib/events/stream-access";

export async function revokeApiKey(options: { ctx: ServiceContext; keyId: string }) {
  const locationId = options.ctx.location.id;
  const existing = await db.apiKey.findUnique({
    where: { id: options.keyId, locationId },
    select: { id: true, prefix: true, revokedAt: true },
  });
  if (!existing) throw new AppError("not_found", "API key not found.");
  if (existing.revokedAt) return { id: existing.id, revokedAt: existing.revokedAt.toISOString() };
  const now = new Date();
  await db.$transaction([
    db.apiKey.update({ where: { id: existing.id, locationId }, data: { revokedAt: now } }),
    auditOp(options.ctx, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: existing.id,
      before: { prefix: existing.prefix, revoked: false },
      after: { prefix: existing.prefix, revoked: true },
    }),
  ]);
  forgetApiKeys();
  recheckStreams(locationId); // this process's streams opened with the key end now; others' within seconds
  return { id: existing.id, revokedAt: now.toISOString() };
}
