import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { retimeScheduled } from "@/lib/delivery/retime-scheduled";
import { AppError } from "@/lib/errors";
import { notifyOutbox } from "@/lib/events/notifier";
import { pacingColumns } from "@/lib/gateways/pacing-columns";
import { webhookPolicy } from "@/lib/net/guarded-post";
import { vetOnSave } from "@/lib/net/vet-on-save";
import { invalidateSnapshot } from "@/lib/routing/snapshot-cache";
import { settingsSelect, settingsView } from "@/lib/settings/get-settings";
import type { UpdateSettingsInput } from "@/lib/settings/settings.schema";
import { generateWebhookSecret } from "@/lib/webhooks/signing";

/**
 * Updates the fields given; a webhook URL gets a signing secret the first time it is set. A new
 * or cleared webhook URL cancels, in the same transaction, every pending delivery (retries
 * included) addressed to another URL: they are kept in the log as `cancelled`. A changed send
 * window re-times, in the same transaction, the messages scheduled for the old one
 * (lib/delivery/retime-scheduled.ts).
 */
export async function updateSettings(options: { ctx: ServiceContext; input: UpdateSettingsInput }) {
  const { ctx, input } = options;
  const locationId = ctx.location.id;
  if (input.webhookUrl) await vetOnSave("webhookUrl", input.webhookUrl, webhookPolicy);
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
    ...(input.pacing && pacingColumns(input.pacing)),
    stickySender: input.stickySender,
    stickyDays: input.stickyDays,
    failover: input.failover,
    geomatch: input.geomatch,
    sendWindow: input.sendWindow === undefined ? undefined : input.sendWindow && JSON.stringify(input.sendWindow),
    alertEmails: input.alertEmails && JSON.stringify(input.alertEmails),
    webhookSecret: needsSecret ? generateWebhookSecret() : undefined,
  };
  const before = redact(settingsView(existing));
  // A different window (not the same one saved again) re-times the scheduled messages.
  const windowChanged = data.sendWindow !== undefined && data.sendWindow !== existing.sendWindow;
  const { row, retimed } = await db.$transaction(async (tx) => {
    const row = await tx.location.update({ where: { id: locationId }, data, select: settingsSelect });
    await auditOp(
      ctx,
      {
        action: "settings.updated",
        entityType: "location",
        entityId: locationId,
        before,
        after: {
          ...before,
          ...redact(Object.fromEntries(Object.entries({ ...input, rotateWebhookSecret: undefined }).filter(([, v]) => v !== undefined))),
          ...(needsSecret ? { webhookSecret: "(new secret)" } : {}),
        },
      },
      tx,
    );
    if (webhookChanged) {
      await tx.webhookDelivery.updateMany({
        where: { locationId, status: "pending", ...(input.webhookUrl ? { url: { not: input.webhookUrl } } : {}) },
        data: { status: "cancelled" },
      });
    }
    const retimed = windowChanged ? await retimeScheduled(tx, { locationId, window: input.sendWindow ?? null, now: Date.now() }) : 0;
    return { row, retimed };
  });
  invalidateSnapshot(locationId);
  if (retimed > 0) notifyOutbox();
  return settingsView(row);
}

/** Secrets never go into the audit log. */
function redact<T extends Record<string, unknown>>(view: T): T {
  const { webhookSecret, updatedAt, ...rest } = view as Record<string, unknown>;
  void webhookSecret;
  void updatedAt;
  return rest as T;
}
