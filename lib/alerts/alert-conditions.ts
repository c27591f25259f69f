import "server-only";
// The conditions an admin must act on (SPEC §1 Alert), read from the database as they are now.
// Each condition has a subject (`kind:instanceId` or `kind:channel`): lib/alerts/evaluate-alerts.ts
// turns a subject's condition coming and going into one alert per episode.
//
// Decisions made where SPEC is silent:
// - banned / logged_out: an instance disconnected for that reason. A ban is raised at once (it
//   never recovers by itself); every other kind waits out the grace period.
// - low_health: an instance under the location's minimum health that is not already banned or
//   logged out (those have their own alert, and health 0 would repeat it).
// - no_eligible_number: a channel with a number that has connected at least once (a channel still
//   being set up is not an emergency), where none is connected with a number and health at or
//   above the minimum (the rotation's standing eligibility; warming caps are daily limits that
//   reset on their own and are left out).
// - gateway_failing: an instance whose last GATEWAY_FAILURES gateway attempts in the last
//   GATEWAY_WINDOW_MS failed (no message accepted since): retries of one message count, so a
//   gateway that is down trips it before its first message gives up.
import { db } from "@/lib/db/client";
import type { AlertKind } from "@/lib/domain";
import { CHANNEL_TOKENS, type Channel, REASON_WORDS } from "@/lib/engine/types";

const GATEWAY_FAILURES = 3;
const GATEWAY_WINDOW_MS = 15 * 60_000;

export type AlertInstance = { id: string; index: number; phone: string | null; label: string };

export type AlertCondition = {
  locationId: string;
  kind: AlertKind;
  subject: string;
  channel: Channel;
  instance: AlertInstance | null;
  message: string;
  /** When it began, when the data says (a status change); else null: first observed now. */
  since: Date | null;
  /** Raised without a grace period. */
  immediate: boolean;
};

/** "WA #2 Support (+15550000002)": how an alert names an instance. */
function instanceName(channel: Channel, instance: AlertInstance): string {
  return `${CHANNEL_TOKENS[channel]} #${instance.index}${instance.label ? ` ${instance.label}` : ""}${instance.phone ? ` (${instance.phone})` : ""}`;
}

/** Every condition holding now, in one location or (null) in all of them. */
export async function readConditions(locationId: string | null, now: number): Promise<AlertCondition[]> {
  const where = locationId ? { locationId } : {};
  const [instances, attempts] = await Promise.all([
    db.instance.findMany({
      where,
      select: {
        id: true,
        locationId: true,
        channel: true,
        index: true,
        phone: true,
        label: true,
        status: true,
        statusReason: true,
        statusChangedAt: true,
        healthScore: true,
        firstConnectedAt: true,
        location: { select: { minHealth: true } },
      },
    }),
    db.outboxItem.findMany({
      where: { ...where, updatedAt: { gte: new Date(now - GATEWAY_WINDOW_MS) }, OR: [{ attempts: { gt: 0 } }, { state: "done" }] },
      select: { instanceId: true, state: true, attempts: true, lastError: true },
      orderBy: { updatedAt: "desc" },
    }),
  ]);

  const conditions: AlertCondition[] = [];
  const channels = new Map<string, { locationId: string; channel: Channel; eligible: boolean; minHealth: number }>();
  // Each instance as a condition names it: its location, channel and reference, and its name.
  const subjects = new Map<string, { base: Pick<AlertCondition, "locationId" | "channel" | "instance">; name: string }>();
  for (const row of instances) {
    const channel = row.channel as Channel;
    const instance: AlertInstance = { id: row.id, index: row.index, phone: row.phone, label: row.label };
    const name = instanceName(channel, instance);
    const base = { locationId: row.locationId, channel, instance };
    subjects.set(row.id, { base, name });
    const reason = row.status === "disconnected" ? row.statusReason : null;
    if (reason === "banned" || reason === "logged_out") {
      conditions.push({
        ...base,
        kind: reason,
        subject: `${reason}:${row.id}`,
        message: `${name} is ${REASON_WORDS[reason]}${reason === "banned" ? ": it cannot send until an admin resets it" : ": scan its QR code again"}.`,
        since: row.statusChangedAt,
        immediate: reason === "banned",
      });
    } else if (row.healthScore < row.location.minHealth) {
      conditions.push({
        ...base,
        kind: "low_health",
        subject: `low_health:${row.id}`,
        message: `${name} has health ${row.healthScore}, under the location's minimum of ${row.location.minHealth}: rotation skips it.`,
        since: null,
        immediate: false,
      });
    }
    if (row.firstConnectedAt === null) continue;
    const key = `${row.locationId}:${channel}`;
    const eligible = row.status === "connected" && row.phone !== null && row.healthScore >= row.location.minHealth;
    const seen = channels.get(key);
    if (seen) seen.eligible ||= eligible;
    else channels.set(key, { locationId: row.locationId, channel, eligible, minHealth: row.location.minHealth });
  }
  for (const { locationId: id, channel, eligible, minHealth } of channels.values()) {
    if (eligible) continue;
    conditions.push({
      locationId: id,
      channel,
      instance: null,
      kind: "no_eligible_number",
      subject: `no_eligible_number:${channel}`,
      message: `No ${CHANNEL_TOKENS[channel]} number can send: none is connected with a number and health of at least ${minHealth}. Messages without another rule fail with 106.`,
      since: null,
      immediate: false,
    });
  }

  // Newest first per instance: the failed attempts since its last accepted message.
  const failing = new Map<string, { failures: number; lastError: string | null; closed: boolean }>();
  for (const item of attempts) {
    const entry = failing.get(item.instanceId) ?? { failures: 0, lastError: null, closed: false };
    failing.set(item.instanceId, entry);
    if (entry.closed) continue;
    if (item.state === "done") {
      entry.closed = true;
      continue;
    }
    if (item.lastError === null) continue;
    entry.failures += item.attempts;
    entry.lastError ??= item.lastError;
  }
  for (const [instanceId, { failures, lastError }] of failing) {
    const subject = subjects.get(instanceId);
    if (!subject || failures < GATEWAY_FAILURES) continue;
    conditions.push({
      ...subject.base,
      kind: "gateway_failing",
      subject: `gateway_failing:${instanceId}`,
      message: `${subject.name}: its gateway failed ${failures} attempts in a row (last: ${lastError}).`,
      since: null,
      immediate: false,
    });
  }
  return conditions;
}
