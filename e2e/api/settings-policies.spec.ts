// The routing-policy settings of SPEC §3 (issue 11's settings): the conversation rule's
// stickySender and stickyDays, the send window, alert e-mails — stored, read back, and every bad
// value refused with its field while nothing changes; a window change re-times the messages it holds.
import { expect, expectCreated, expectInvalid, POOL, test } from "../support/fixtures";

const WINDOW = { timezone: "America/New_York", days: [5, 1, 2, 3, 4, 1], start: "09:00", end: "18:30" };

test("stickySender, stickyDays, sendWindow and alertEmails are stored and read back", async ({ tenant }) => {
  const t = await tenant();
  const fresh = await (await t.api.get("/settings")).json();
  expect(fresh).toMatchObject({
    stickySender: false,
    stickyDays: 30,
    failover: "error",
    geomatch: "off",
    sendWindow: null,
    alertEmails: [],
  });
  const patched = await t.api.patch("/settings", {
    stickySender: true,
    stickyDays: 14,
    sendWindow: WINDOW,
    alertEmails: ["ops@example.com", "owner@example.com"],
  });
  expect(patched.status(), await patched.text()).toBe(200);
  const read = await (await t.api.get("/settings")).json();
  // Days are kept once each, in order.
  expect(read).toMatchObject({
    stickySender: true,
    stickyDays: 14,
    sendWindow: { ...WINDOW, days: [1, 2, 3, 4, 5] },
    alertEmails: ["ops@example.com", "owner@example.com"],
  });
  expect((await t.api.patch("/settings", { sendWindow: null })).status()).toBe(200);
  expect((await (await t.api.get("/settings")).json()).sendWindow).toBeNull();
});

const refused: { name: string; body: Record<string, unknown>; path: string }[] = [
  { name: "an unknown time zone", body: { sendWindow: { ...WINDOW, timezone: "Mars/Olympus_Mons" } }, path: "sendWindow.timezone" },
  { name: "day 0", body: { sendWindow: { ...WINDOW, days: [0] } }, path: "sendWindow.days.0" },
  { name: "no days", body: { sendWindow: { ...WINDOW, days: [] } }, path: "sendWindow.days" },
  { name: "25:00", body: { sendWindow: { ...WINDOW, start: "25:00" } }, path: "sendWindow.start" },
  { name: "start equals end", body: { sendWindow: { ...WINDOW, end: "09:00" } }, path: "sendWindow.end" },
  { name: "an unknown window field", body: { sendWindow: { ...WINDOW, tz: "UTC" } }, path: "sendWindow.tz" },
  { name: "stickyDays 0", body: { stickyDays: 0 }, path: "stickyDays" },
  { name: "stickySender as text", body: { stickySender: "yes" }, path: "stickySender" },
  { name: "a bad e-mail", body: { alertEmails: ["ops@example.com", "not an address"] }, path: "alertEmails.1" },
];

for (const row of refused) {
  test(`refused: ${row.name} → 400 on ${row.path}, nothing changed`, async ({ tenant }) => {
    const t = await tenant();
    const before = await (await t.api.get("/settings")).json();
    await expectInvalid(await t.api.patch("/settings", { stickyDays: 7, ...row.body }), row.path);
    expect(await (await t.api.get("/settings")).json()).toEqual(before);
  });
}

test("a message held by the send window leaves once the window is changed to one open now", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const hh = (h: number) => String((new Date().getUTCHours() + h + 24) % 24).padStart(2, "0");
  const window = (from: number, to: number) => ({
    timezone: "UTC",
    days: [1, 2, 3, 4, 5, 6, 7],
    start: `${hh(from)}:00`,
    end: `${hh(to)}:00`,
  });
  expect((await t.api.patch("/settings", { sendWindow: window(2, 3) })).status()).toBe(200);
  const sent = await expectCreated(t.api, "/messages", { channel: "whatsapp", phone: "+15550610001", body: "See you tomorrow" });
  expect(sent.status).toBe("scheduled");
  // Nothing releases it while the window stays closed.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((await (await t.api.get(`/messages/${sent.id}`)).json()).status).toBe("scheduled");

  expect((await t.api.patch("/settings", { sendWindow: window(-1, 1) })).status()).toBe(200);
  await expect
    .poll(async () => (await (await t.api.get(`/messages/${sent.id}`)).json()).status, { timeout: 5_000, intervals: [100] })
    .toBe("sent");
});
