// Alerts from two processes (SPEC §1, §5): each process evaluates at once after the status change it
// took and both sweep every second, so every ban is looked at by both, several times. Each ban is
// one alert and one `alert.raised` event — the database's unique episode key and the conditional
// pending → open update decide, not either process's memory.
import { expect, tally, test, whatsappPool } from "./fixtures";

const BANS = 10;

test(`${BANS} bans reported through two processes at once: ${BANS} alerts, one event each`, async ({ tenant, db }) => {
  const t = await tenant({ instances: whatsappPool(BANS + 1, "690") });
  const replies = await Promise.all(
    Array.from({ length: BANS }, (_, i) =>
      t.api.post(i % 2, `/instances/${t.instances[`whatsapp#${i + 1}`]}/status`, { status: "disconnected", reason: "banned" }),
    ),
  );
  expect(tally(replies.map((r) => r.status))).toEqual({ 200: BANS });
  await expect.poll(async () => db.event.count({ where: { locationId: t.id, type: "alert.raised" } }), { timeout: 10_000 }).toBe(BANS);
  // Several sweeps of both processes later: nothing more.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const events = await db.event.findMany({ where: { locationId: t.id, type: "alert.raised" }, select: { payload: true } });
  expect(events.length).toBe(BANS);
  const alerts = await db.alert.findMany({ where: { locationId: t.id }, select: { id: true, kind: true, status: true, instanceId: true } });
  expect(tally(alerts.map((a) => `${a.kind} ${a.status}`))).toEqual({ "banned open": BANS });
  expect(new Set(events.map((e) => JSON.parse(e.payload).alertId))).toEqual(new Set(alerts.map((a) => a.id)));
  const list = await t.api.get(1, "/alerts");
  expect(list.body.openCount).toBe(BANS);
});
