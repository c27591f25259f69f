// Alerts on a real database file (SPEC §1 Alert): one per episode, the grace period, flapping,
// each kind's condition, two evaluations racing, and the e-mail received by a real SMTP server
// (smtp-server, started here) through nodemailer. Time is passed in (`now`), so a 60 s grace and
// a 10-minute quiet period are tested without waiting for them.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { smtpInbox } from "@/e2e/support/smtp-inbox";
import { sendingLocation } from "@/e2e/support/vitest/sending-location";
import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { ALERT_MAIL_ATTEMPTS, ALERT_MAIL_CLAIM_MS, sendDueAlertMails } from "@/lib/alerts/alert-mail-outbox";
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { db } from "@/lib/db/client";

// Before any module reads the configuration (lib/env.ts caches it): alert e-mail goes to the SMTP
// server this file starts on that port.
const SMTP_PORT = vi.hoisted(() => {
  const port = 40_000 + (process.pid % 20_000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.SMTP_FROM = "Router <alerts@router.test>";
  return port;
});

const smtp = smtpInbox(SMTP_PORT);
const inbox = smtp.mails;
beforeAll(() => smtp.start());
afterAll(() => smtp.stop());

const GRACE = 60_000;
const QUIET = 600_000;
const timing = { graceMs: GRACE, quietMs: QUIET };
/** Now: the failing-gateway condition reads outbox rows written (updatedAt) at the real time. */
const T0 = Date.now();

async function setup(options: { whatsapp?: number; alertEmails?: string[] } = {}) {
  const to = await sendingLocation({ whatsapp: options.whatsapp ?? 2, defaultIndex: 1 });
  await db.location.update({
    where: { id: to.locationId },
    data: { alertEmails: JSON.stringify(options.alertEmails ?? []), minHealth: 40 },
  });
  const evaluate = (at: number) => evaluateAlerts({ locationId: to.locationId, now: at, timing });
  const setInstance = (k: number, data: { status?: string; statusReason?: string | null; healthScore?: number; statusChangedAt?: Date }) =>
    db.instance.update({ where: { id: to.instances[k - 1].id }, data });
  const events = () => db.event.findMany({ where: { locationId: to.locationId, type: "alert.raised" }, orderBy: { id: "asc" } });
  return { ...to, evaluate, setInstance, events };
}

describe("alert episodes", () => {
  it("a ban is raised at once, once, with its event; it stays one alert while it lasts", async () => {
    const t = await setup();
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    expect(await t.evaluate(T0 + 1000)).toHaveLength(1);
    expect(await t.evaluate(T0 + 5000)).toHaveLength(0);
    expect(await t.evaluate(T0 + 120_000)).toHaveLength(0);
    const events = await t.events();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({
      kind: "banned",
      channel: "whatsapp",
      instance: { id: t.instances[1].id, index: 2 },
    });
    const { data, openCount } = await listAlerts({ ctx: t.ctx, now: T0 + 120_000 });
    expect(openCount).toBe(1);
    expect(data.map((a) => [a.kind, a.status])).toEqual([["banned", "open"]]);
    expect(data[0].message).toMatch(/WA #2 .* is banned/);
  });

  it("a condition that clears within the grace raises nothing (a 10 s drop)", async () => {
    const t = await setup({ whatsapp: 1 });
    await t.setInstance(1, { status: "disconnected", statusReason: "transient" });
    expect(await t.evaluate(T0)).toEqual([]); // no eligible WhatsApp number: pending
    expect(await t.evaluate(T0 + 5_000)).toEqual([]);
    await t.setInstance(1, { status: "connected", statusReason: null });
    expect(await t.evaluate(T0 + 10_000)).toEqual([]);
    expect(await t.evaluate(T0 + 70_000)).toEqual([]);
    expect(await t.evaluate(T0 + 10_000 + QUIET)).toEqual([]);
    expect(await t.events()).toHaveLength(0);
    expect(await db.alert.count({ where: { locationId: t.locationId } })).toBe(0);
  });

  it("a condition that holds for the grace is raised once, when the grace ends", async () => {
    const t = await setup({ whatsapp: 1 });
    await t.setInstance(1, { status: "disconnected", statusReason: "transient" });
    expect(await t.evaluate(T0)).toEqual([]);
    expect(await t.evaluate(T0 + GRACE - 1)).toEqual([]);
    expect(await t.evaluate(T0 + GRACE)).toHaveLength(1);
    expect(await t.evaluate(T0 + GRACE + 5_000)).toEqual([]);
    const [event] = await t.events();
    expect(JSON.parse(event.payload)).toMatchObject({
      kind: "no_eligible_number",
      channel: "whatsapp",
      instance: null,
      since: new Date(T0).toISOString(),
    });
  });

  it("flapping raises one alert at its third start, and nothing more while it keeps flapping", async () => {
    const t = await setup({ whatsapp: 1 });
    const raised: string[] = [];
    for (let k = 0; k < 6; k++) {
      const at = T0 + k * 60_000;
      await t.setInstance(1, { status: "disconnected", statusReason: "transient" });
      raised.push(...(await t.evaluate(at)));
      await t.setInstance(1, { status: "connected", statusReason: null });
      raised.push(...(await t.evaluate(at + 20_000)));
      if (k === 1) expect(raised).toEqual([]);
    }
    expect(raised).toHaveLength(1);
    expect(await t.events()).toHaveLength(1);
  });

  it("resolved, then back within the quiet period: the same alert reopens silently; after it, a new episode", async () => {
    const t = await setup();
    const ban = () => t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const reset = () => t.setInstance(2, { status: "connected", statusReason: null, healthScore: 100 });
    await ban();
    const [first] = await t.evaluate(T0);
    await reset();
    await t.evaluate(T0 + 30_000);
    expect((await db.alert.findUniqueOrThrow({ where: { id: first } })).status).toBe("resolved");
    expect((await listAlerts({ ctx: t.ctx, now: T0 + 30_000 })).openCount).toBe(0);
    await ban();
    expect(await t.evaluate(T0 + 60_000)).toEqual([]);
    expect((await db.alert.findUniqueOrThrow({ where: { id: first } })).status).toBe("open");
    await reset();
    await t.evaluate(T0 + 90_000);
    await t.evaluate(T0 + 90_000 + QUIET);
    await ban();
    const [second] = await t.evaluate(T0 + 100_000 + QUIET);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await t.events()).toHaveLength(2);
  });

  it("two evaluations racing (as two processes would) raise it once", async () => {
    const t = await setup();
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const results = await Promise.all([t.evaluate(T0), t.evaluate(T0), t.evaluate(T0)]);
    expect(results.flat()).toHaveLength(1);
    expect(await t.events()).toHaveLength(1);
    expect(await db.alert.count({ where: { locationId: t.locationId } })).toBe(1);
  });
});

describe("alert conditions", () => {
  it("logged out, low health and a failing gateway are each their own alert after the grace", async () => {
    const t = await setup({ whatsapp: 3 });
    await t.setInstance(1, { status: "disconnected", statusReason: "logged_out", statusChangedAt: new Date(T0) });
    await t.setInstance(2, { healthScore: 20 });
    const item = await db.message.create({
      data: {
        locationId: t.locationId,
        channel: "whatsapp",
        contactId: t.contact.id,
        instanceId: t.instances[2].id,
        status: "queued",
        body: "x",
        requestedBody: "x",
        rule: "default_instance",
        trace: "[]",
        warnings: "[]",
        source: "api",
      },
    });
    await db.outboxItem.create({
      data: {
        locationId: t.locationId,
        messageId: item.id,
        instanceId: t.instances[2].id,
        nextAttemptAt: new Date(T0),
        attempts: 3,
        lastError: "HTTP 502 Bad Gateway",
      },
    });
    expect(await t.evaluate(T0)).toEqual([]);
    await t.evaluate(T0 + GRACE);
    const kinds = (await listAlerts({ ctx: t.ctx, now: T0 + GRACE })).data.map((a) => `${a.kind} #${a.instance?.index ?? "-"}`);
    expect(kinds.sort()).toEqual(["gateway_failing #3", "logged_out #1", "low_health #2"]);
  });

  it("a banned number is not also a low-health alert", async () => {
    const t = await setup();
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    await t.evaluate(T0);
    await t.evaluate(T0 + GRACE);
    expect((await listAlerts({ ctx: t.ctx, now: T0 + GRACE })).data.map((a) => a.kind)).toEqual(["banned"]);
  });
});

describe("alert e-mail and acknowledgement", () => {
  it("the alert's e-mail reaches every address of alertEmails through the SMTP server", async () => {
    inbox.length = 0;
    const t = await setup({ alertEmails: ["ops@shop.test", "owner@shop.test"] });
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const [id] = await t.evaluate(T0);
    expect(inbox).toHaveLength(1);
    expect(inbox[0].from).toBe("alerts@router.test");
    expect(inbox[0].to.sort()).toEqual(["ops@shop.test", "owner@shop.test"]);
    expect(inbox[0].text).toContain("Subject: [Number Router] Number banned (WhatsApp)");
    expect(inbox[0].text).toMatch(/WA #2 .* is banned/);
    const row = await db.alert.findUniqueOrThrow({ where: { id } });
    expect(row.emailedAt).not.toBeNull();
    expect(row.emailError).toBeNull();
  });

  it("a refused e-mail stays owed: retried after 30 s, then 60 s, and sent once the server takes it", async () => {
    inbox.length = 0;
    smtp.refuse(2);
    const t = await setup({ alertEmails: ["ops@shop.test"] });
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const [id] = await t.evaluate(T0);
    const row = () => db.alert.findUniqueOrThrow({ where: { id } });
    expect(await row()).toMatchObject({ emailAttempts: 1, emailedAt: null, emailDueAt: new Date(T0 + 30_000) });
    expect((await row()).emailError).toMatch(/451 Mailbox busy/);
    expect(await sendDueAlertMails({ now: T0 + 29_000, alertIds: [id] })).toEqual([]); // not due yet
    expect(await sendDueAlertMails({ now: T0 + 30_000, alertIds: [id] })).toEqual([]); // refused again
    expect(await row()).toMatchObject({ emailAttempts: 2, emailDueAt: new Date(T0 + 90_000) });
    const { data } = await listAlerts({ ctx: t.ctx, now: T0 + 31_000 });
    expect(data[0].email).toMatchObject({ sentAt: null, attempts: 2, nextAttemptAt: new Date(T0 + 90_000).toISOString() });
    expect(inbox).toHaveLength(0);
    expect(await sendDueAlertMails({ now: T0 + 90_000, alertIds: [id] })).toEqual([id]);
    expect(inbox).toHaveLength(1);
    expect(inbox[0].text).toMatch(/WA #2 .* is banned/);
    expect(await row()).toMatchObject({ emailAttempts: 3, emailError: null, emailDueAt: null, emailedAt: new Date(T0 + 90_000) });
    expect(await sendDueAlertMails({ now: T0 + 999_000, alertIds: [id] })).toEqual([]);
    expect(inbox).toHaveLength(1);
  });

  it(`an e-mail refused ${ALERT_MAIL_ATTEMPTS} times is given up, and the alert says why`, async () => {
    inbox.length = 0;
    smtp.refuse(ALERT_MAIL_ATTEMPTS);
    const t = await setup({ alertEmails: ["ops@shop.test"] });
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const [id] = await t.evaluate(T0);
    for (let k = 1; k < ALERT_MAIL_ATTEMPTS; k++) await sendDueAlertMails({ now: T0 + 3_600_000 * k, alertIds: [id] });
    const row = await db.alert.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ emailAttempts: ALERT_MAIL_ATTEMPTS, emailDueAt: null, emailedAt: null });
    expect(row.emailError).toMatch(new RegExp(`Mailbox busy.*gave up after ${ALERT_MAIL_ATTEMPTS} attempts`));
    expect(await sendDueAlertMails({ now: T0 + 3_600_000 * 99, alertIds: [id] })).toEqual([]);
    expect(inbox).toHaveLength(0);
    smtp.refuse(0);
  });

  it("an e-mail owed by a process that died is sent by the next sweep, once; a claim still held is left alone", async () => {
    inbox.length = 0;
    const t = await setup({ alertEmails: ["ops@shop.test"] });
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const [id] = await t.evaluate(T0);
    expect(inbox).toHaveLength(1);
    // What the raise's transaction leaves when its process dies before the send: the e-mail owed.
    inbox.length = 0;
    await db.alert.update({ where: { id }, data: { emailedAt: null, emailAttempts: 0, emailDueAt: new Date(T0) } });
    const [first, second] = await Promise.all([sendDueAlertMails({ now: T0 + 5_000 }), sendDueAlertMails({ now: T0 + 5_000 })]);
    expect([...first, ...second]).toEqual([id]);
    expect(inbox).toHaveLength(1);
    // An attempt that claimed the e-mail and died mid-send: nobody else sends until its claim runs out.
    inbox.length = 0;
    await db.alert.update({ where: { id }, data: { emailedAt: null, emailAttempts: 1, emailDueAt: new Date(T0 + ALERT_MAIL_CLAIM_MS) } });
    expect(await sendDueAlertMails({ now: T0 + 60_000 })).toEqual([]);
    expect(await sendDueAlertMails({ now: T0 + ALERT_MAIL_CLAIM_MS })).toEqual([id]);
    expect(inbox).toHaveLength(1);
    expect(await db.alert.findUniqueOrThrow({ where: { id } })).toMatchObject({ emailAttempts: 2, emailDueAt: null });
  });

  it("no alertEmails: no e-mail is owed, and the alert shows none", async () => {
    const t = await setup();
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const [id] = await t.evaluate(T0);
    expect(await db.alert.findUniqueOrThrow({ where: { id } })).toMatchObject({ emailTo: null, emailDueAt: null, emailAttempts: 0 });
    expect((await listAlerts({ ctx: t.ctx, now: T0 })).data[0].email).toBeNull();
  });

  it("acknowledged, it leaves the bell's count and stays listed with who acknowledged it", async () => {
    const t = await setup();
    await t.setInstance(2, { status: "disconnected", statusReason: "banned", healthScore: 0, statusChangedAt: new Date(T0) });
    const [id] = await t.evaluate(T0);
    const acked = await acknowledgeAlert({ ctx: t.ctx, alertId: id, now: T0 + 1000 });
    expect(acked).toMatchObject({ acknowledgedBy: "Test key", acknowledgedAt: new Date(T0 + 1000).toISOString() });
    const again = await acknowledgeAlert({ ctx: t.ctx, alertId: id, now: T0 + 9000 });
    expect(again.acknowledgedAt).toBe(acked.acknowledgedAt);
    const list = await listAlerts({ ctx: t.ctx, now: T0 + 10_000 });
    expect(list.openCount).toBe(0);
    expect(list.data).toHaveLength(1);
    const other = await setup();
    await expect(acknowledgeAlert({ ctx: other.ctx, alertId: id })).rejects.toMatchObject({ code: "not_found" });
  });
});
