import "server-only";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";

/** A new key for the location. The plain key is returned once and never stored. */
export async function createApiKey(options: { ctx: ServiceContext; name?: string }) {
  const locationId = options.ctx.location.id;
  const name = options.name?.trim() || "API key";
  const { key, ...row } = await insertApiKey(db, { locationId, name });
  await auditOp(options.ctx, { action: "api_key.created", entityType: "api_key", entityId: row.id, after: { name, prefix: row.prefix } });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString(), key };
}
