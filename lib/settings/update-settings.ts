import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { gatewayPolicy, vetUrl, webhookPolicy } from "@/lib/net/guarded-post";
import type { AddressPolicy } from "@/lib/net/public-url";
import { invalidateSnapshot } from "@/lib/routing/snapshot-cache";
import { settingsSelect, settingsView } from "@/lib/settings/get-settings";
import type { UpdateSettingsInput } from "@/lib/settings/settings.schema";
import { generateWebhookSecret } from "@/lib/webhooks/signing";

/**
 * Updates the fields given; a webhook URL gets a signing secret the first time it is set. A new
 * or cleared webhook URL cancels, in the same transaction, every pending delivery (retries
 * included) addressed to another URL: they are kept in the log as `cancelled`.
 */
export async function updateSettings(options: { ctx: ServiceContext; input: UpdateSettingsInput }) {
  const { ctx, input } = options;
  const locationId = ctx.location.id;
  if (input.webhookUrl) await vetOnSave("webhookUrl", input.webhookUrl, webhookPolicy);
  if (input.gatewayUrl) await vetOnSave("gatewayUrl", input.gatewayUrl, gatewayPolicy());
  const existing = await db.location.findUnique({ where: { id: locationId }, select: settingsSelect });
  if (!existing) throw new AppError("not_found", "Location not found.");
  const webhookChanged = input.webhookUrl !== undefined && input.webhookUrl !== existing.webhookUrl;
  const needsSecret = input.rotateWebhookSecret || (input.webhookUrl && !existing.webhookSecret);
  const data = {
    name: input.name,
    rotationStrategy: input.rotationStrategy,
    warmingDays: input.warmingDays,
    warmingDailyLimits: input.warmingDailyLimits ? JSON.stringify(input.warmingDailyLimits) : undefined,
    minHealth: input.minHealth,
    defaultCountry: input.defaultCountry,
    webhookUrl: input.webhookUrl,
    gatewayUrl: input.gatewayUrl,
    webhookSecret: needsSecret ? generateWebhookSecret() : undefined,
  };
  const before = redact(settingsView(existing));
  const cancelOld = webhookChanged
    ? [
        db.webhookDelivery.updateMany({
          where: { locationId, status: "pending", ...(input.webhookUrl ? { url: { not: input.webhookUrl } } : {}) },
          data: { status: "cancelled" },
        }),
      ]
    : [];
  const [row] = await db.$transaction([
    db.location.update({ where: { id: locationId }, data, select: settingsSelect }),
    auditOp(ctx, {
      action: "settings.updated",
      entityType: "location",
      entityId: locationId,
      before,
      after: {
        ...before,
        ...redact(Object.fromEntries(Object.entries({ ...input, rotateWebhookSecret: undefined }).filter(([, v]) => v !== undefined))),
        ...(needsSecret ? { webhookSecret: "(new secret)" } : {}),
      },
    }),
    ...cancelOld,
  ]);
  invalidateSnapshot(locationId);
  return settingsView(row);
}

/**
 * Save-time half of the URL guard: the schema refused what the URL itself says; here the name is
 * resolved and every address checked, so "hooks.corp.internal → 10.0.0.5" is refused on the field
 * now rather than at each delivery. A name that does not resolve yet is accepted: it is resolved
 * and checked again at every connection (lib/net/guarded-post.ts).
 */
async function vetOnSave(field: "webhookUrl" | "gatewayUrl", url: string, policy: AddressPolicy) {
  const vetted = await vetUrl(url, { policy });
  if (vetted.ok || vetted.reason === "unresolved") return;
  throw new AppError("invalid_request", vetted.message, {
    status: 400,
    details: { field, issues: [{ path: field, message: vetted.message }] },
  });
}

/** Secrets never go into the audit log. */
function redact<T extends Record<string, unknown>>(view: T): T {
  const { webhookSecret, updatedAt, ...rest } = view as Record<string, unknown>;
  void webhookSecret;
  void updatedAt;
  return rest as T;
}
