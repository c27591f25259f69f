// Gateway connections and pacing on instances (SPEC §3 `PATCH /instances/{id}`, §6): write-only
// credentials sealed at rest, the address policy, the test call, headroom; and the gateways' own
// webhooks at the instance's inbound URL (authenticated by its token or the connection's signature).
// The fake gateways listen on 127.0.0.1 and are addressed as receiver.test (TEST_HOST_MAP), since
// ALLOW_PRIVATE_GATEWAYS is off in the e2e server.
import { FakeWebhookGateway } from "../fakes/fake-webhook-gateway";
import type { Api } from "../support/api-client";
import { expect, expectError, POOL, test } from "../support/fixtures";
import type { Db } from "../support/tenant";

const SID = `AC${"0123456789abcdef".repeat(2)}`;
const fakeUrl = (fake: { url: string }) => fake.url.replace("127.0.0.1", "receiver.test");

type KindCase = { kind: string; input: Record<string, unknown>; secret: string; read: Record<string, unknown> };
const KINDS: KindCase[] = [
  {
    kind: "webhook",
    input: { kind: "webhook", url: "http://receiver.test:8080/send/", credentials: { secret: "whsec-plain-0123456789" } },
    secret: "whsec-plain-0123456789",
    read: { kind: "webhook", url: "http://receiver.test:8080/send" },
  },
  {
    kind: "evolution",
    input: { kind: "evolution", url: "https://evolution.example.com", instance: "shop-1", credentials: { apiKey: "evo-key-plain-42" } },
    secret: "evo-key-plain-42",
    read: { kind: "evolution", url: "https://evolution.example.com", instance: "shop-1" },
  },
  {
    kind: "waha",
    input: { kind: "waha", url: "https://waha.example.com", session: "default", credentials: { apiKey: "waha-key-plain-42" } },
    secret: "waha-key-plain-42",
    read: { kind: "waha", url: "https://waha.example.com", session: "default" },
  },
  {
    kind: "bluebubbles",
    input: { kind: "bluebubbles", url: "https://bb.example.com", credentials: { password: "bb-password-plain" } },
    secret: "bb-password-plain",
    read: { kind: "bluebubbles", url: "https://bb.example.com" },
  },
  {
    kind: "twilio",
    input: { kind: "twilio", accountSid: SID, credentials: { authToken: "twilio-token-plain" } },
    secret: "twilio-token-plain",
    read: { kind: "twilio", url: "https://api.twilio.com", accountSid: SID },
  },
];

for (const c of KINDS) {
  test(`PATCH gateway ${c.kind}: the read shows the connection, never the credentials; they are sealed at rest`, async ({
    tenant,
    db,
    baseURL,
  }) => {
    const t = await tenant({ instances: POOL });
    const id = t.instances["whatsapp#1"];
    const patched = await t.api.patch(`/instances/${id}`, { gateway: c.input });
    const patchedText = await patched.text();
    expect(patched.status(), patchedText).toBe(200);
    const row = await db.instance.findUniqueOrThrow({ where: { id } });
    const expected = { ...c.read, hasCredentials: true, inboundUrl: `${baseURL}/api/v1/gateways/${id}/${c.kind}/${row.inboundToken}` };
    expect(JSON.parse(patchedText).gateway).toEqual(expected);
    const got = await t.api.get(`/instances/${id}`);
    const text = await got.text();
    expect(JSON.parse(text).gateway).toEqual(expected);
    const list = await (await t.api.get("/instances")).text();
    for (const body of [patchedText, text, list]) expect(body).not.toContain(c.secret);
    expect(row.gatewayKind).toBe(c.kind);
    expect(row.gatewayCredentials).toBeTruthy();
    expect(row.gatewayCredentials).not.toContain(c.secret);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { locationId: t.id, entityId: id, action: "instance.updated" } });
    expect(`${audit.before}${audit.after}`).not.toContain(c.secret);
    expect(JSON.parse(audit.after!).gateway).toMatchObject({ kind: c.kind, credentials: "(stored)" });
  });
}

test("a PATCH without credentials keeps them; a new kind without them is refused and changes nothing", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const id = t.instances["whatsapp#1"];
  const evolution = { kind: "evolution", url: "https://evolution.example.com", instance: "shop-1" };
  expect((await t.api.patch(`/instances/${id}`, { gateway: { ...evolution, credentials: { apiKey: "key-1-plain" } } })).status()).toBe(200);
  const sealed = (await db.instance.findUniqueOrThrow({ where: { id } })).gatewayCredentials;

  const renamed = await t.api.patch(`/instances/${id}`, { gateway: { ...evolution, instance: "shop-2" } });
  expect((await renamed.json()).gateway).toMatchObject({ instance: "shop-2", hasCredentials: true });
  expect((await db.instance.findUniqueOrThrow({ where: { id } })).gatewayCredentials).toBe(sealed);

  const before = await (await t.api.get(`/instances/${id}`)).json();
  const refused = await expectError(
    await t.api.patch(`/instances/${id}`, { label: "Renamed", gateway: { kind: "waha", url: "https://waha.example.com", session: "s" } }),
    400,
    "invalid_request",
  );
  expect(refused.error.issues.map((i: { path: string }) => i.path)).toEqual(["gateway.credentials"]);
  expect(await (await t.api.get(`/instances/${id}`)).json()).toEqual(before);
  expect((await db.instance.findUniqueOrThrow({ where: { id } })).gatewayCredentials).toBe(sealed);

  // The webhook kind may go unsigned: a kind change to it without a secret drops the old credentials.
  const webhook = await (await t.api.patch(`/instances/${id}`, { gateway: { kind: "webhook", url: "https://hooks.example.com" } })).json();
  expect(webhook.gateway).toMatchObject({ kind: "webhook", hasCredentials: false });
  // null: record-only again, everything of the connection cleared.
  const cleared = await (await t.api.patch(`/instances/${id}`, { gateway: null })).json();
  expect(cleared.gateway).toBeNull();
  expect(await db.instance.findUniqueOrThrow({ where: { id } })).toMatchObject({
    gatewayKind: null,
    gatewayUrl: null,
    gatewayConfig: null,
    gatewayCredentials: null,
  });
});

const BAD: { name: string; gateway: unknown; path: string }[] = [
  { name: "unknown kind", gateway: { kind: "fax", url: "https://x.example.com" }, path: "gateway.kind" },
  { name: "missing url", gateway: { kind: "webhook" }, path: "gateway.url" },
  {
    name: "evolution without instance",
    gateway: { kind: "evolution", url: "https://e.example.com", credentials: { apiKey: "k" } },
    path: "gateway.instance",
  },
  {
    name: "twilio bad accountSid",
    gateway: { kind: "twilio", accountSid: "AC123", credentials: { authToken: "t" } },
    path: "gateway.accountSid",
  },
  { name: "not http", gateway: { kind: "webhook", url: "ftp://files.example.com" }, path: "gateway.url" },
  { name: "loopback", gateway: { kind: "webhook", url: "http://127.0.0.1:8080" }, path: "gateway.url" },
  { name: "localhost", gateway: { kind: "webhook", url: "http://localhost:8080" }, path: "gateway.url" },
  {
    name: "private network",
    gateway: { kind: "bluebubbles", url: "http://10.0.0.5:1234", credentials: { password: "p" } },
    path: "gateway.url",
  },
  { name: "cloud metadata", gateway: { kind: "webhook", url: "http://169.254.169.254/latest" }, path: "gateway.url" },
  {
    name: "unknown credential field",
    gateway: { kind: "webhook", url: "https://x.example.com", credentials: { apiKey: "k" } },
    path: "gateway.credentials.secret,gateway.credentials.apiKey",
  },
  { name: "pacing below 1", gateway: undefined, path: "pacing.hourlyLimit" },
];

test("bad gateway and pacing input → 400 naming the field; nothing changes", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const id = t.instances["whatsapp#1"];
  const before = await db.instance.findUniqueOrThrow({ where: { id } });
  for (const c of BAD) {
    const body = c.gateway === undefined ? { pacing: { hourlyLimit: 0 } } : { gateway: c.gateway };
    const refused = await expectError(await t.api.patch(`/instances/${id}`, body), 400, "invalid_request");
    expect(
      refused.error.issues.map((i: { path: string }) => i.path),
      c.name,
    ).toEqual(c.path.split(","));
  }
  expect(await db.instance.findUniqueOrThrow({ where: { id } })).toEqual(before);
  expect(await db.auditEntry.count({ where: { locationId: t.id, action: "instance.updated" } })).toBe(0);
});

test("pacing: inherited from the location, overridden, cleared; headroom from the dispatcher's counters", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const id = t.instances["whatsapp#1"];
  const location = { minIntervalSeconds: 4, jitterSeconds: 3, hourlyLimit: 200, newContactsPerDay: 50 };
  const settings = await t.api.patch("/settings", { pacing: location });
  expect((await settings.json()).pacing).toEqual(location);
  expect((await (await t.api.get("/settings")).json()).pacing).toEqual(location);

  const inherited = await (await t.api.get(`/instances/${id}`)).json();
  expect(inherited.pacing).toEqual({ ...location, inherited: true });

  const own = { minIntervalSeconds: 10, jitterSeconds: 0, hourlyLimit: 30, newContactsPerDay: null };
  const set = await (await t.api.patch(`/instances/${id}`, { pacing: own })).json();
  expect(set.pacing).toEqual({ ...own, inherited: false });
  // Fields left out of the object set no limit of their kind.
  const partial = await (await t.api.patch(`/instances/${id}`, { pacing: { hourlyLimit: 5 } })).json();
  expect(partial.pacing).toEqual({
    minIntervalSeconds: null,
    jitterSeconds: null,
    hourlyLimit: 5,
    newContactsPerDay: null,
    inherited: false,
  });

  const now = new Date();
  const soon = new Date(now.getTime() + 60 * 60_000);
  await writeCounters(db, t.id, id, now, { sends: 3, newContacts: 2, nextSlotAt: soon });
  await writeCounters(db, t.id, t.instances["whatsapp#2"], now, { sends: 1, newContacts: 1, nextSlotAt: new Date(now.getTime() - 5000) });
  const list = (await (await t.api.get("/instances")).json()).data as { id: string; headroom: unknown; pacing: unknown }[];
  const byId = new Map(list.map((i) => [i.id, i]));
  expect(byId.get(id)!.headroom).toEqual({
    sentThisHour: 3,
    hourlyLimit: 5,
    newContactsToday: 2,
    newContactsPerDay: null,
    nextSlotAt: soon.toISOString(),
  });
  // A slot in the past is no wait; the limits are the location's for an instance without its own.
  expect(byId.get(t.instances["whatsapp#2"])!.headroom).toEqual({
    sentThisHour: 1,
    hourlyLimit: 200,
    newContactsToday: 1,
    newContactsPerDay: 50,
    nextSlotAt: null,
  });
  expect(byId.get(t.instances["sms#1"])!.headroom).toEqual({
    sentThisHour: 0,
    hourlyLimit: 200,
    newContactsToday: 0,
    newContactsPerDay: 50,
    nextSlotAt: null,
  });

  const back = await (await t.api.patch(`/instances/${id}`, { pacing: null })).json();
  expect(back.pacing).toEqual({ ...location, inherited: true });
  expect(await db.instance.findUniqueOrThrow({ where: { id } })).toMatchObject({
    pacingOverride: false,
    pacingMinIntervalSeconds: null,
    pacingJitterSeconds: null,
    pacingHourlyLimit: null,
    pacingNewContactsPerDay: null,
  });
});

test("POST /instances/{id}/gateway/test answers what the gateway said", async ({ tenant }) => {
  const fake = await new FakeWebhookGateway("test-secret-0123456789").start();
  try {
    const t = await tenant({ instances: POOL });
    const id = t.instances["whatsapp#1"];
    await expectError(await t.api.post(`/instances/${id}/gateway/test`), 409, "no_gateway");
    await t.api.patch(`/instances/${id}`, {
      gateway: { kind: "webhook", url: fakeUrl(fake), credentials: { secret: "test-secret-0123456789" } },
    });
    const ok = await t.api.post(`/instances/${id}/gateway/test`);
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, httpStatus: 200, detail: 'The gateway answered HTTP 200: {"ok":true}' });
    // The fake verified our signature on the ping.
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(fake.badSignatures).toHaveLength(0);

    await fake.stop();
    const down = await t.api.post(`/instances/${id}/gateway/test`);
    expect(down.status()).toBe(200);
    const body = await down.json();
    expect(body).toMatchObject({ ok: false, httpStatus: null });
    expect(body.detail).toMatch(/unreachable/i);
  } finally {
    await fake.stop();
  }
});

test.describe("gateway webhooks at the inbound URL", () => {
  const SECRET = "gw-secret-0123456789abcdef";

  async function connected(tenant: (o: { instances: typeof POOL }) => Promise<{ instances: Record<string, string>; api: Api }>, db: Db) {
    const t = await tenant({ instances: POOL });
    const id = t.instances["whatsapp#1"];
    // Sent before the gateway is connected: a record-only send, `sent` at once.
    const sent = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15550700001", body: "hi {{WA#1}}" })).json();
    const patched = await (
      await t.api.patch(`/instances/${id}`, {
        gateway: { kind: "webhook", url: "https://hooks.example.com", credentials: { secret: SECRET } },
      })
    ).json();
    const inboundUrl = patched.gateway.inboundUrl as string;
    const token = (await db.instance.findUniqueOrThrow({ where: { id } })).inboundToken!;
    return { t, id, messageId: sent.id as string, contactId: sent.contactId as string, inboundUrl, token };
  }

  test("message.delivery, instance.status and message.inbound change the message, the instance and the contact", async ({ tenant, db }) => {
    const { t, id, messageId, contactId, inboundUrl } = await connected(tenant, db);
    const gw = new FakeWebhookGateway();

    const delivered = await gw.emit(inboundUrl, "message.delivery", { messageId, status: "delivered" });
    expect(delivered.status, delivered.body).toBe(200);
    expect(JSON.parse(delivered.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect((await (await t.api.get(`/messages/${messageId}`)).json()).status).toBe("delivered");
    const timeline = await db.messageStatusChange.findMany({ where: { messageId } });
    expect(timeline.map((c) => [c.status, c.source])).toEqual([["delivered", "gateway"]]);
    // Unknown message, a late `sent`: ignored, still 200 (a 4xx would be retried forever).
    const unknown = await gw.emit(inboundUrl, "message.delivery", { messageId: "no-such-message", status: "read" });
    expect(JSON.parse(unknown.body)).toEqual({ ok: true, applied: 0, ignored: 1 });
    const late = await gw.emit(inboundUrl, "message.delivery", { messageId, status: "sent" });
    expect(JSON.parse(late.body)).toEqual({ ok: true, applied: 0, ignored: 1 });

    const status = await gw.emit(inboundUrl, "instance.status", { status: "disconnected", reason: "logged_out" });
    expect(JSON.parse(status.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
    expect(await (await t.api.get(`/instances/${id}`)).json()).toMatchObject({ status: "disconnected", statusReason: "logged_out" });
    const event = await db.instanceEvent.findFirstOrThrow({ where: { instanceId: id }, orderBy: { at: "desc" } });
    expect(event).toMatchObject({ toStatus: "disconnected", toReason: "logged_out", source: "gateway" });
    // The same state again, and a transition the machine refuses (logged out → connected): ignored.
    for (const data of [{ status: "disconnected", reason: "logged_out" }, { status: "connected" }]) {
      const r = await gw.emit(inboundUrl, "instance.status", data);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ ok: true, applied: 0, ignored: 1 });
    }
    expect(await db.instanceEvent.count({ where: { instanceId: id } })).toBe(1);

    // WhatsApp gives international digits without "+".
    const inbound = await gw.emit(inboundUrl, "message.inbound", {
      from: "15550700001",
      body: "Where is my order?",
      providerMessageId: "wamid.1",
    });
    expect(JSON.parse(inbound.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
    const contact = await (await t.api.get(`/contacts/${contactId}`)).json();
    expect(contact.bindings).toEqual([
      {
        channel: "whatsapp",
        instance: { id, index: 1, phone: "+15550100001", label: "Orders" },
        at: expect.any(String),
        source: "inbound",
      },
    ]);
    const thread = await (await t.api.get(`/contacts/${contactId}/messages`)).json();
    expect(thread.data.map((m: { direction: string; status: string; body: string }) => [m.direction, m.status, m.body])).toEqual([
      ["inbound", "received", "Where is my order?"],
      ["outbound", "delivered", "hi"],
    ]);
  });

  test("a wrong token → 401 and nothing changes; a valid signature without the token is accepted; unknown → 404", async ({
    tenant,
    db,
  }) => {
    const { id, messageId, inboundUrl, token } = await connected(tenant, db);
    const gw = new FakeWebhookGateway();
    const wrong = inboundUrl.replace(token, `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
    for (const url of [wrong, inboundUrl.replace(`/${token}`, ""), `${inboundUrl.replace(`/${token}`, "")}?token=nope`]) {
      const r = await gw.emit(url, "message.delivery", { messageId, status: "delivered" });
      expect(r.status, url).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe("unauthorized");
    }
    // Signed with another secret: refused too.
    expect(
      (
        await gw.emit(
          inboundUrl.replace(`/${token}`, ""),
          "message.delivery",
          { messageId, status: "delivered" },
          "other-secret-0123456789",
        )
      ).status,
    ).toBe(401);
    expect((await db.message.findUniqueOrThrow({ where: { id: messageId } })).status).toBe("sent");

    const signed = await gw.emit(inboundUrl.replace(`/${token}`, ""), "message.delivery", { messageId, status: "delivered" }, SECRET);
    expect(signed.status, signed.body).toBe(200);
    expect((await db.message.findUniqueOrThrow({ where: { id: messageId } })).status).toBe("delivered");
    // The token as a query parameter, and Evolution-style event names after the token.
    const query = await gw.emit(`${inboundUrl.replace(`/${token}`, "")}?token=${token}`, "message.delivery", { messageId, status: "read" });
    expect(JSON.parse(query.body)).toEqual({ ok: true, applied: 1, ignored: 0 });
    const byEvent = await gw.emit(`${inboundUrl}/messages-update`, "instance.status", { status: "disconnected", reason: "transient" });
    expect(JSON.parse(byEvent.body)).toEqual({ ok: true, applied: 1, ignored: 0 });

    for (const url of [inboundUrl.replace("/webhook/", "/evolution/"), inboundUrl.replace(id, "no-such-instance")]) {
      const r = await gw.emit(url, "message.delivery", { messageId, status: "delivered" });
      expect(r.status, url).toBe(404);
      expect(JSON.parse(r.body).error.code).toBe("not_found");
    }
    const bad = await gw.emit(inboundUrl, "message.delivery", { status: "delivered" });
    expect(bad.status).toBe(400);
  });
});

async function writeCounters(
  db: Db,
  locationId: string,
  instanceId: string,
  now: Date,
  c: { sends: number; newContacts: number; nextSlotAt: Date },
) {
  const iso = now.toISOString();
  await db.hourCounter.create({ data: { instanceId, hour: iso.slice(0, 13), sends: c.sends } });
  // Last hour's sends are not this hour's.
  await db.hourCounter.create({ data: { instanceId, hour: new Date(now.getTime() - 3_600_000).toISOString().slice(0, 13), sends: 99 } });
  await db.sendCounter.upsert({
    where: { instanceId_day: { instanceId, day: iso.slice(0, 10) } },
    create: { instanceId, day: iso.slice(0, 10), locationId, channel: "whatsapp", sends: c.sends, newContacts: c.newContacts },
    update: { newContacts: c.newContacts },
  });
  await db.instancePacing.create({ data: { instanceId, nextSlotAt: c.nextSlotAt } });
}
