import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import type { SendWindow } from "@/lib/delivery/send-window.schema";
import type { FailoverPolicy, GeomatchMode } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { type PacingColumns, pacingOf } from "@/lib/gateways/pacing-columns";
import { rotationColumns } from "@/lib/routing/to-engine-snapshot";

export const settingsSelect = {
  id: true,
  name: true,
  rotationStrategy: true,
  warmingDays: true,
  warmingDailyLimits: true,
  minHealth: true,
  defaultCountry: true,
  webhookUrl: true,
  webhookSecret: true,
  pacingMinIntervalSeconds: true,
  pacingJitterSeconds: true,
  pacingHourlyLimit: true,
  pacingNewContactsPerDay: true,
  stickySender: true,
  stickyDays: true,
  failover: true,
  geomatch: true,
  sendWindow: true,
  alertEmails: true,
  updatedAt: true,
} as const;

export function settingsView(
  row: {
    id: string;
    name: string;
    rotationStrategy: string;
    warmingDays: number;
    warmingDailyLimits: string;
    minHealth: number;
    defaultCountry: string;
    webhookUrl: string | null;
    webhookSecret: string | null;
    stickySender: boolean;
    stickyDays: number;
    failover: string;
    geomatch: string;
    sendWindow: string | null;
    alertEmails: string;
    updatedAt: Date;
  } & PacingColumns,
) {
  return {
    id: row.id,
    name: row.name,
    ...rotationColumns(row),
    defaultCountry: row.defaultCountry,
    webhookUrl: row.webhookUrl,
    /** Admins (and API keys) need it to verify signatures. */
    webhookSecret: row.webhookSecret,
    pacing: pacingOf(row),
    stickySender: row.stickySender,
    stickyDays: row.stickyDays,
    failover: row.failover as FailoverPolicy,
    geomatch: row.geomatch as GeomatchMode,
    sendWindow: row.sendWindow === null ? null : (JSON.parse(row.sendWindow) as SendWindow),
    alertEmails: JSON.parse(row.alertEmails) as string[],
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getSettings(options: { ctx: ServiceContext }) {
  const row = await db.location.findUnique({ where: { id: options.ctx.location.id }, select: settingsSelect });
  if (!row) throw new AppError("not_found", "Location not found.");
  return settingsView(row);
}
