// Alerts over real HTTP (SPEC §1, §3): a ban is raised once — on the stream, as a signed webhook,
// by e-mail to a real SMTP server (smtp-server, on the port the e2e server was given as SMTP_URL),
// in GET /alerts — and acknowledged; a 10 s transient drop raises nothing. The server looks for
// conditions every second (E2E_ALERTS); the grace is SPEC's 60 s.
import { E2E_SMTP_PORT } from "../support/constants";
import { expect, expectError, POOL, test } from "../support/fixtures";
import { smtpInbox } from "../support/smtp-inbox";
import { receiver } from "./receiver";
import { openEvents } from "./sse";

const smtp = smtpInbox(E2E_SMTP_PORT);
const inbox = smtp.mails;
test.beforeAll(() => smtp.start());
test.afterAll(() => smtp.stop());

test("a ban raises one alert: on the stream, as a webhook, by e-mail, listed; an admin acknowledges it", async ({ tenant, baseURL }) => {
  const t = await tenant({ instances: POOL });
  const hook = await receiver([200]);
  const mailbox = `ops-${t.id}@shop.test`;
  await t.api.patch("/settings", { webhookUrl: hook.url, alertEmails: [mailbox] });
  const stream = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${t.key}` });
  const banned = t.instances["whatsapp#3"];
  expect((await t.api.post(`/instances/${banned}/status`, { status: "disconnected", reason: "banned" })).status()).toBe(200);

  const events = await stream.waitFor(2);
  expect(events.map((e) => e.event)).toEqual(["instance.status_changed", "alert.raised"]);
  const raised = JSON.parse(events[1].data);
  expect(raised).toMatchObject({ kind: "banned", channel: "whatsapp", instance: { id: banned, index: 3, phone: "+15550100003" } });
  expect(raised.message).toMatch(/WA #3 Billing .* is banned/);

  await expect.poll(() => hook.received.map((r) => JSON.parse(r.body).type), { timeout: 10_000 }).toContain("alert.raised");
  const delivered = JSON.parse(hook.received.find((r) => JSON.parse(r.body).type === "alert.raised")!.body);
  expect(delivered.data).toEqual(raised);
  await expect.poll(() => inbox.filter((m) => m.to.includes(mailbox)).length, { timeout: 10_000 }).toBe(1);
  expect(inbox.find((m) => m.to.includes(mailbox))!.text).toContain("Subject: [Number Router] Number banned (WhatsApp)");

  // Several sweeps later: still one alert, one event.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const list = await (await t.api.get("/alerts")).json();
  expect(list.openCount).toBe(1);
  expect(list.data).toHaveLength(1);
  expect(list.data[0]).toMatchObject({ id: raised.alertId, kind: "banned", status: "open", acknowledgedAt: null, email: { error: null } });
  expect(stream.events.filter((e) => e.event === "alert.raised")).toHaveLength(1);
  await stream.close();
  await hook.close();

  const acked = await t.api.post(`/alerts/${raised.alertId}/ack`);
  expect(acked.status()).toBe(200);
  expect((await acked.json()).acknowledgedAt).not.toBeNull();
  const after = await (await t.api.get("/alerts")).json();
  expect(after.openCount).toBe(0);
  expect(after.data[0].acknowledgedBy).toMatch(/^API key /);
});

test("a 10 s transient drop of a channel's only number raises nothing", async ({ tenant, baseURL }) => {
  test.setTimeout(60_000);
  const t = await tenant({ instances: POOL });
  const stream = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${t.key}` });
  const sms = t.instances["sms#1"];
  await t.api.post(`/instances/${sms}/status`, { status: "disconnected", reason: "transient" });
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  expect((await t.api.post(`/instances/${sms}/status`, { status: "connecting" })).status()).toBe(200);
  expect((await t.api.post(`/instances/${sms}/status`, { status: "connected" })).status()).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  await stream.close();
  expect(stream.events.map((e) => e.event)).toEqual(Array(3).fill("instance.status_changed"));
  expect(await (await t.api.get("/alerts")).json()).toEqual({ data: [], openCount: 0 });
});

test("another location's alert cannot be acknowledged", async ({ tenant }) => {
  const a = await tenant({ instances: POOL });
  const b = await tenant({ instances: POOL });
  await a.api.post(`/instances/${a.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "banned" });
  await expect.poll(async () => (await (await a.api.get("/alerts")).json()).openCount, { timeout: 5_000 }).toBe(1);
  const [alert] = (await (await a.api.get("/alerts")).json()).data;
  await expectError(await b.api.post(`/alerts/${alert.id}/ack`), 404, "not_found");
  expect((await (await a.api.get("/alerts")).json()).openCount).toBe(1);
});
