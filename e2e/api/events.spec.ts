// GET /events: live events with increasing ids, lossless resume with Last-Event-ID, no leak
// between locations, and the dashboard's session-cookie access.
import { expect, expectError, POOL, test } from "../support/fixtures";
import { openEvents } from "./sse";

test("status changes and messages arrive as events with increasing ids", async ({ tenant, baseURL }) => {
  const t = await tenant({ instances: POOL });
  const stream = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${t.key}` });
  expect(stream.status).toBe(200);
  expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
  await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "transient" });
  await t.api.post("/messages", { channel: "whatsapp", phone: "+15551200001", body: "hi" });
  await t.api.post("/messages", { channel: "whatsapp", phone: "+15551200001", body: "hi {{WA#9}}" });
  const events = await stream.waitFor(3);
  await stream.close();
  expect(events.map((e) => e.event)).toEqual(["instance.status_changed", "message.routed", "message.failed"]);
  const ids = events.map((e) => Number(e.id));
  expect(ids[0]).toBeLessThan(ids[1]);
  expect(ids[1]).toBeLessThan(ids[2]);
  expect(JSON.parse(events[0].data)).toMatchObject({
    instanceId: t.instances["whatsapp#1"],
    index: 1,
    phone: "+15550100001",
    from: "connected",
    to: "disconnected",
    reason: "transient",
  });
  expect(JSON.parse(events[1].data)).toMatchObject({ rule: "default_instance", index: 2 });
  expect(JSON.parse(events[2].data)).toMatchObject({ errorCode: 101, errorName: "override_instance_not_found" });
});

test("Last-Event-ID resumes without loss", async ({ tenant, baseURL }) => {
  const t = await tenant({ instances: POOL });
  const first = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${t.key}` });
  await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "transient" });
  const [seen] = await first.waitFor(1);
  await first.close();
  // While nobody listens: three more events.
  await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "connecting" });
  await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "connected" });
  await t.api.post(`/instances/${t.instances["whatsapp#3"]}/status`, { status: "disconnected", reason: "logged_out" });
  const resumed = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${t.key}`, "last-event-id": seen.id! });
  const missed = await resumed.waitFor(3);
  // And live again after the replay.
  await t.api.post(`/instances/${t.instances["whatsapp#3"]}/status`, { status: "qr_pending" });
  const all = await resumed.waitFor(4);
  await resumed.close();
  expect(missed.map((e) => JSON.parse(e.data).to)).toEqual(["connecting", "connected", "disconnected"]);
  expect(JSON.parse(all[3].data).to).toBe("qr_pending");
  const ids = all.map((e) => Number(e.id));
  expect(ids[0]).toBeGreaterThan(Number(seen.id));
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  expect(new Set(ids).size).toBe(4);
});

test("a stream never shows another location's events", async ({ tenant, baseURL }) => {
  const a = await tenant({ instances: POOL });
  const b = await tenant({ instances: POOL });
  const stream = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${a.key}` });
  await b.api.post(`/instances/${b.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "banned" });
  await b.api.post("/messages", { channel: "whatsapp", phone: "+15551200002", body: "hi" });
  await a.api.post(`/instances/${a.instances["whatsapp#3"]}/status`, { status: "disconnected", reason: "transient" });
  const [event] = await stream.waitFor(1);
  await new Promise((r) => setTimeout(r, 500));
  await stream.close();
  expect(stream.events).toHaveLength(1);
  expect(JSON.parse(event.data).instanceId).toBe(a.instances["whatsapp#3"]);
  // A key cannot ask for another location's stream, and resuming from 0 replays only its own.
  const foreign = await fetch(`${baseURL}/api/v1/events?locationId=${b.id}`, { headers: { authorization: `Bearer ${a.key}` } });
  expect(foreign.status).toBe(404);
  const replay = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${a.key}`, "last-event-id": "0" });
  await replay.waitFor(1);
  await new Promise((r) => setTimeout(r, 500));
  await replay.close();
  expect(replay.events.map((e) => JSON.parse(e.data).instanceId)).toEqual([a.instances["whatsapp#3"]]);
});

test("the dashboard's session cookie opens its member location's stream; others are 404, none 401", async ({
  request,
  tenant,
  baseURL,
  db,
}) => {
  const acme = await db.location.findFirstOrThrow({ where: { name: "Acme Store" } });
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const login = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: "support@demo.example", password: "support-demo-pass", json: "true" },
  });
  expect(login.status()).toBeLessThan(400);
  const state = await request.storageState();
  const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  expect(cookie).toMatch(/session-token/);

  const stream = await openEvents(`${baseURL}/api/v1/events?locationId=${acme.id}`, { cookie });
  expect(stream.status).toBe(200);
  await stream.close();
  const other = await tenant();
  expect((await fetch(`${baseURL}/api/v1/events?locationId=${other.id}`, { headers: { cookie } })).status).toBe(404);
  const anonymous = await fetch(`${baseURL}/api/v1/events?locationId=${acme.id}`);
  expect(anonymous.status).toBe(401);
  await expectError(
    await request.get("/api/v1/events", { headers: { authorization: "Bearer nope_nope_nope_nope_nope" } }),
    401,
    "unauthorized",
  );
});
