import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { sendsPerDayByInstance } from "@/lib/db/message-stats";
import { DAY_MS } from "@/lib/engine/time";
import { CHANNEL_TOKENS, CHANNELS, type Channel } from "@/lib/engine/types";
import { listInstances } from "@/lib/instances/list-instances";

export type Overview = Awaited<ReturnType<typeof getOverview>>;

/** The Overview page in one call: channel health, rule/error mix and sends per instance per day. */
export async function getOverview(options: { ctx: ServiceContext; days?: number; now?: number }) {
  const { ctx, days = 7, now = Date.now() } = options;
  const locationId = ctx.location.id;
  const since = new Date(now - (days - 1) * DAY_MS);
  const sinceDay = since.toISOString().slice(0, 10);
  const [board, rules, errors, perDay, recentEvents] = await Promise.all([
    listInstances({ ctx, now }),
    db.message.groupBy({ by: ["rule"], where: { locationId, createdAt: { gte: since } }, _count: { _all: true } }),
    db.message.groupBy({
      by: ["errorCode", "errorName"],
      where: { locationId, createdAt: { gte: since }, status: "failed" },
      _count: { _all: true },
    }),
    sendsPerDayByInstance(locationId, sinceDay),
    db.instanceEvent.findMany({
      where: { locationId },
      orderBy: { at: "desc" },
      take: 8,
      select: { id: true, toStatus: true, toReason: true, at: true, instance: { select: { channel: true, index: true, label: true } } },
    }),
  ]);
  const channels = CHANNELS.map((channel) => {
    const rows = board.instances.filter((i) => i.channel === channel);
    const fallback = rows.find((i) => i.isDefault) ?? null;
    return {
      channel,
      total: rows.length,
      connected: rows.filter((i) => i.status === "connected").length,
      defaultLabel: fallback ? `#${fallback.index} ${fallback.label}` : null,
      defaultConnected: fallback?.status === "connected",
    };
  });
  const warnings: { level: "warning" | "destructive"; text: string; href: string }[] = [];
  for (const c of channels) {
    if (c.total === 0) continue;
    if (!c.defaultLabel)
      warnings.push({
        level: "warning",
        text: `${c.channel}: no default instance — unassigned, untagged contacts rely on rotation`,
        href: "instances",
      });
    else if (!c.defaultConnected)
      warnings.push({
        level: "warning",
        text: `${c.channel}: default ${c.defaultLabel} is not connected — skipped until it reconnects`,
        href: "instances",
      });
    if (c.connected === 0)
      warnings.push({ level: "destructive", text: `${c.channel}: no connected instance — sends fail with 106`, href: "doctor" });
  }
  for (const i of board.instances) {
    if (i.healthScore < board.settings.minHealth)
      warnings.push({
        level: "warning",
        text: `#${i.index} ${i.label} (${i.channel}) health ${i.healthScore} is under the minimum ${board.settings.minHealth}: out of rotation`,
        href: `instances/${i.id}`,
      });
  }
  const series = [...new Set(perDay.map((r) => `${r.channel}#${r.idx ?? "?"}`))].sort();
  const dayRows = Array.from({ length: days }, (_, k) => {
    const day = new Date(now - (days - 1 - k) * DAY_MS).toISOString().slice(0, 10);
    const row: Record<string, number | string> = { day };
    for (const s of series) row[s] = 0;
    for (const r of perDay) if (r.day === day) row[`${r.channel}#${r.idx ?? "?"}`] = Number(r.n);
    return row;
  });
  return {
    days,
    channels,
    warnings,
    rules: rules.map((r) => ({ rule: r.rule ?? "refused", count: r._count._all })).sort((a, b) => b.count - a.count),
    errors: errors
      .map((e) => ({ code: e.errorCode, name: e.errorName ?? "unknown", count: e._count._all }))
      .sort((a, b) => b.count - a.count),
    sendsPerDay: { series, rows: dayRows },
    recentEvents: recentEvents.map((e) => ({
      id: e.id,
      to: e.toStatus,
      reason: e.toReason,
      at: e.at.toISOString(),
      instance: `${CHANNEL_TOKENS[e.instance.channel as Channel] ?? e.instance.channel}#${e.instance.index} ${e.instance.label}`,
    })),
    sendsToday: board.instances.reduce((n, i) => n + i.sendsToday, 0),
  };
}
