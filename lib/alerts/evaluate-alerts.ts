import "server-only";
// One alert per episode (SPEC §1 Alert), decided by the database so that any number of processes
// evaluating at once raise it once. An episode of a subject (lib/alerts/alert-conditions.ts):
//
//   condition seen ──► pending ──(held ALERT_GRACE_SECONDS, or a ban, or its 3rd start)──► open
//        │                │ cleared: waits; back within the quiet period → held again, starts + 1
//        │                └ quiet period over → deleted: nothing was ever raised
//        └ open ──(cleared)──► resolved ──(back within the quiet period)──► open again, silently
//                                  └ quiet period over → the episode ends (activeKey NULL)
//
// Raising is the only step with side effects: the `alert.raised` event, its webhook and the e-mail
// owed, in the same transaction as the pending → open update; the e-mail is sent after the commit.
// The unique index on (locationId, activeKey) holds one episode per subject; every step is an update conditional on
// the state it was decided from, so a step another process took first is simply not taken again.
// A transient drop that recovers within the grace raises nothing; a flapping number raises once.
import { type AlertCondition, readConditions } from "@/lib/alerts/alert-conditions";
import { sendDueAlertMails } from "@/lib/alerts/alert-mail-outbox";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { appendEventOp } from "@/lib/events/append-event";
import type { DomainEvent } from "@/lib/events/event-types";
import { notifyEvents, notifyWebhooks } from "@/lib/events/notifier";
import { enqueueWebhookOp } from "@/lib/webhooks/enqueue-webhook";

/** Starts within one episode that raise it even if none held for the grace (flapping). */
const FLAPPING_STARTS = 3;

type Timing = { graceMs: number; quietMs: number };

function timing(): Timing {
  return { graceMs: env().ALERT_GRACE_SECONDS * 1000, quietMs: env().ALERT_QUIET_SECONDS * 1000 };
}

/**
 * Looks at the conditions of one location (or, null, of all) and moves each episode on. Returns
 * the ids of the alerts this call raised (another process's raises are not counted here).
 */
export async function evaluateAlerts(options: { locationId: string | null; now?: number; timing?: Timing }): Promise<string[]> {
  const now = options.now ?? Date.now();
  const { graceMs, quietMs } = options.timing ?? timing();
  // The episodes are read before the conditions: an alert raised meanwhile by another evaluation
  // (a second process, or this one's look at a single location) is then either not seen here, or
  // seen with conditions at least as new — never resolved from conditions older than it.
  const active = await db.alert.findMany({
    where: { ...(options.locationId ? { locationId: options.locationId } : {}), activeKey: { not: null } },
    select: {
      id: true,
      locationId: true,
      activeKey: true,
      status: true,
      heldSince: true,
      clearedAt: true,
      starts: true,
      resolvedAt: true,
    },
  });
  const conditions = await readConditions(options.locationId, now);
  const byKey = new Map(active.map((a) => [`${a.locationId}|${a.activeKey}`, a]));
  const holding = new Set<string>();
  const toRaise: { alertId: string; condition: AlertCondition }[] = [];
  const nowDate = new Date(now);

  for (const condition of conditions) {
    const key = `${condition.locationId}|${condition.subject}`;
    holding.add(key);
    const alert = byKey.get(key);
    const due = (heldSince: number, starts: number) => condition.immediate || now - heldSince >= graceMs || starts >= FLAPPING_STARTS;
    if (!alert) {
      const since = condition.since && condition.since.getTime() <= now ? condition.since : nowDate;
      try {
        const created = await db.alert.create({
          data: {
            locationId: condition.locationId,
            kind: condition.kind,
            subject: condition.subject,
            activeKey: condition.subject,
            instanceId: condition.instance?.id ?? null,
            channel: condition.channel,
            status: "pending",
            message: condition.message,
            since,
            heldSince: since,
          },
          select: { id: true },
        });
        if (due(since.getTime(), 1)) toRaise.push({ alertId: created.id, condition });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // another process saw it first: its episode
      }
      continue;
    }
    if (alert.status === "pending") {
      let { heldSince, starts } = alert;
      if (alert.clearedAt) {
        // Back within the quiet period: the same episode, holding again.
        const moved = await db.alert.updateMany({
          where: { id: alert.id, status: "pending", clearedAt: alert.clearedAt },
          data: { clearedAt: null, heldSince: nowDate, starts: { increment: 1 }, message: condition.message },
        });
        if (moved.count === 0) continue;
        heldSince = nowDate;
        starts += 1;
      }
      if (due(heldSince.getTime(), starts)) toRaise.push({ alertId: alert.id, condition });
    } else if (alert.status === "resolved") {
      await db.alert.updateMany({
        where: { id: alert.id, status: "resolved", resolvedAt: alert.resolvedAt },
        data: {
          status: "open",
          resolvedAt: null,
          clearedAt: null,
          heldSince: nowDate,
          starts: { increment: 1 },
          message: condition.message,
        },
      });
    }
  }

  for (const alert of active) {
    if (holding.has(`${alert.locationId}|${alert.activeKey}`)) continue;
    const cleared = alert.clearedAt ?? alert.resolvedAt;
    if (alert.status === "open") {
      await db.alert.updateMany({
        where: { id: alert.id, status: "open" },
        data: { status: "resolved", resolvedAt: nowDate, clearedAt: nowDate },
      });
    } else if (cleared === null) {
      await db.alert.updateMany({ where: { id: alert.id, status: "pending", clearedAt: null }, data: { clearedAt: nowDate } });
    } else if (now - cleared.getTime() >= quietMs) {
      if (alert.status === "pending") await db.alert.deleteMany({ where: { id: alert.id, status: "pending", clearedAt: alert.clearedAt } });
      else
        await db.alert.updateMany({ where: { id: alert.id, status: "resolved", resolvedAt: alert.resolvedAt }, data: { activeKey: null } });
    }
  }

  const raised: string[] = [];
  for (const { alertId, condition } of toRaise) {
    if (await raise(alertId, condition, nowDate)) raised.push(alertId);
  }
  return raised;
}

/**
 * pending → open with its event, its webhook and (with alertEmails) its e-mail owed, once; then
 * the e-mail is sent (lib/alerts/alert-mail-outbox.ts). False when another process raised it.
 */
async function raise(alertId: string, condition: AlertCondition, now: Date): Promise<boolean> {
  const location = await db.location.findUnique({ where: { id: condition.locationId }, select: { webhookUrl: true, alertEmails: true } });
  if (!location) return false;
  // Stored as a JSON array of addresses (lib/settings/update-settings.ts), as get-settings reads it.
  const recipients = JSON.parse(location.alertEmails) as string[];
  const email = recipients.length > 0 ? { emailTo: JSON.stringify(recipients), emailDueAt: now } : {};
  const result = await db.$transaction(async (tx) => {
    const [row] = await tx.alert.updateManyAndReturn({
      where: { id: alertId, status: "pending" },
      data: { status: "open", raisedAt: now, ...email },
      select: { since: true, message: true },
    });
    if (!row) return null;
    const event: DomainEvent = {
      type: "alert.raised",
      data: {
        alertId,
        kind: condition.kind,
        channel: condition.channel,
        instance: condition.instance,
        message: row.message,
        since: row.since.toISOString(),
        at: now.toISOString(),
      },
    };
    await appendEventOp(condition.locationId, event, tx);
    const webhook = await enqueueWebhookOp({ locationId: condition.locationId, webhookUrl: location.webhookUrl }, event, now, tx);
    return { webhook };
  });
  if (!result) return false;
  notifyEvents(condition.locationId);
  if (result.webhook) notifyWebhooks();
  if (recipients.length > 0) await sendDueAlertMails({ now: now.getTime(), alertIds: [alertId] });
  return true;
}
