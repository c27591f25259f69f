// Inbound messages (SPEC §3 `POST /inbound`), conversation bindings (`GET /contacts/{id}` bindings,
// `DELETE /contacts/{id}/bindings/{channel}`) and the contact's thread (`GET /contacts/{id}/messages`).
import { expect, expectError, POOL, test } from "../support/fixtures";

test("POST /inbound creates an unknown contact, binds its conversation and emits message.inbound", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const wa2 = t.instances["whatsapp#2"];
  const response = await t.api.post("/inbound", {
    channel: "whatsapp",
    to: wa2,
    from: "+1 (555) 080-0001",
    body: "Hello there",
    at: "2026-01-02T03:04:05.000Z",
    providerMessageId: "prov-1",
  });
  expect(response.status(), await response.text()).toBe(201);
  const inbound = await response.json();
  const contact = await db.contact.findUniqueOrThrow({ where: { locationId_phone: { locationId: t.id, phone: "+15550800001" } } });
  expect(inbound).toEqual({
    id: expect.any(String),
    channel: "whatsapp",
    contactId: contact.id,
    instanceId: wa2,
    body: "Hello there",
    receivedAt: "2026-01-02T03:04:05.000Z",
    providerMessageId: "prov-1",
  });
  const event = await db.event.findFirstOrThrow({ where: { locationId: t.id, type: "message.inbound" } });
  expect(JSON.parse(event.payload)).toEqual({
    inboundId: inbound.id,
    channel: "whatsapp",
    contactId: contact.id,
    contactPhone: "+15550800001",
    instanceId: wa2,
    index: 2,
    phone: "+15550100002",
    body: "Hello there",
    providerMessageId: "prov-1",
    at: "2026-01-02T03:04:05.000Z",
  });
  const read = await (await t.api.get(`/contacts/${contact.id}`)).json();
  expect(read.bindings).toEqual([
    {
      channel: "whatsapp",
      instance: { id: wa2, index: 2, phone: "+15550100002", label: "Support" },
      at: "2026-01-02T03:04:05.000Z",
      source: "inbound",
    },
  ]);

  // The same providerMessageId again: stored once, the first answered (200).
  const again = await t.api.post("/inbound", {
    channel: "whatsapp",
    to: wa2,
    from: "+15550800001",
    body: "Hello there",
    providerMessageId: "prov-1",
  });
  expect(again.status()).toBe(200);
  expect((await again.json()).id).toBe(inbound.id);
  expect(await db.inboundMessage.count({ where: { locationId: t.id } })).toBe(1);
  expect(await db.event.count({ where: { locationId: t.id, type: "message.inbound" } })).toBe(1);

  // `to` as the instance's number rebinds to it; an older message does not move the binding back.
  const sms = await t.api.post("/inbound", { channel: "whatsapp", to: "+1 555 010 0003", from: "+15550800001", body: "second" });
  expect(sms.status()).toBe(201);
  expect((await sms.json()).instanceId).toBe(t.instances["whatsapp#3"]);
  await t.api.post("/inbound", { channel: "whatsapp", to: wa2, from: "+15550800001", body: "old", at: "2025-01-01T00:00:00Z" });
  const rebound = await (await t.api.get(`/contacts/${contact.id}`)).json();
  expect(rebound.bindings.map((b: { instance: { index: number } }) => b.instance.index)).toEqual([3]);
  expect(await db.contact.count({ where: { locationId: t.id, phone: "+15550800001" } })).toBe(1);
});

test("POST /inbound: an unknown `to`, another location's instance or another channel's → 404; bad input → 400", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const other = await tenant({ instances: POOL });
  const cases: { to: string; channel: string }[] = [
    { to: other.instances["whatsapp#1"], channel: "whatsapp" },
    { to: "no-such-instance", channel: "whatsapp" },
    { to: "+15550109999", channel: "whatsapp" },
    { to: t.instances["sms#1"], channel: "whatsapp" },
    { to: "+15550300001", channel: "whatsapp" },
  ];
  for (const c of cases) {
    await expectError(await t.api.post("/inbound", { ...c, from: "+15550800002", body: "x" }), 404, "not_found");
  }
  const bad = await expectError(
    await t.api.post("/inbound", { channel: "whatsapp", to: t.instances["whatsapp#1"], from: "not a phone", body: "x" }),
    400,
    "invalid_request",
  );
  expect(bad.error.issues.map((i: { path: string }) => i.path)).toEqual(["from"]);
  await expectError(
    await t.api.post("/inbound", { channel: "fax", to: t.instances["whatsapp#1"], from: "+15550800002" }),
    400,
    "invalid_request",
  );
  expect(await db.inboundMessage.count({ where: { locationId: t.id } })).toBe(0);
  expect(await db.contact.count({ where: { locationId: t.id } })).toBe(0);
});

test("DELETE /contacts/{id}/bindings/{channel} unpins it (audited); none → 404", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const r = await (await t.api.post("/inbound", { channel: "sms", to: t.instances["sms#1"], from: "+15550800003", body: "hi" })).json();
  const removed = await t.api.delete(`/contacts/${r.contactId}/bindings/sms`);
  expect(removed.status()).toBe(204);
  expect((await (await t.api.get(`/contacts/${r.contactId}`)).json()).bindings).toEqual([]);
  const audit = await db.auditEntry.findFirstOrThrow({ where: { locationId: t.id, action: "contact.binding_removed" } });
  expect(audit).toMatchObject({ actorType: "api_key", entityId: r.contactId });
  expect(JSON.parse(audit.before!)).toMatchObject({ channel: "sms", instanceId: t.instances["sms#1"], source: "inbound" });
  await expectError(await t.api.delete(`/contacts/${r.contactId}/bindings/sms`), 404, "not_found");
  await expectError(await t.api.delete(`/contacts/${r.contactId}/bindings/fax`), 404, "not_found");
  const other = await tenant({ instances: POOL });
  await other.api.post("/inbound", { channel: "sms", to: other.instances["sms#1"], from: "+15550800003", body: "hi" });
  const otherContact = await db.contact.findFirstOrThrow({ where: { locationId: other.id } });
  await expectError(await t.api.delete(`/contacts/${otherContact.id}/bindings/sms`), 404, "not_found");
  expect(await db.conversationBinding.count({ where: { locationId: other.id } })).toBe(1);
});

test("GET /contacts/{id}/messages: outbound and inbound merged newest first, cursor-paginated", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const first = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15550800004", body: "one {{WA#1}}" })).json();
  const contactId = first.contactId as string;
  const wa1 = t.instances["whatsapp#1"];
  const at = (s: number) => new Date(Date.parse("2026-01-01T00:00:00Z") + s * 1000).toISOString();
  // Fixed times, interleaved with the outbound messages (whose times are set below).
  for (const [i, s] of [
    [1, 10],
    [2, 30],
  ] as const) {
    await t.api.post("/inbound", { channel: "whatsapp", to: wa1, from: "+15550800004", body: `in ${i}`, at: at(s) });
  }
  const second = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15550800004", body: "two {{WA#9}}" })).json();
  await db.message.update({ where: { id: first.id }, data: { createdAt: new Date(at(0)) } });
  await db.message.update({ where: { id: second.id }, data: { createdAt: new Date(at(20)) } });

  const all = await (await t.api.get(`/contacts/${contactId}/messages`)).json();
  expect(all.nextCursor).toBeNull();
  expect(
    all.data.map((m: { direction: string; body: string; status: string; at: string }) => [m.direction, m.body, m.status, m.at]),
  ).toEqual([
    ["inbound", "in 2", "received", at(30)],
    ["outbound", "two", "failed", at(20)],
    ["inbound", "in 1", "received", at(10)],
    ["outbound", "one", "sent", at(0)],
  ]);
  expect(all.data[3].instance).toEqual({ id: wa1, index: 1, phone: "+15550100001", label: "Orders" });
  expect(all.data[1]).toMatchObject({ instance: null, error: "override_instance_not_found" });

  const pages: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: { body: string }[]; nextCursor: string | null } = await (
      await t.api.get(`/contacts/${contactId}/messages?limit=1${cursor ? `&cursor=${cursor}` : ""}`)
    ).json();
    pages.push(...page.data.map((m) => m.body));
    cursor = page.nextCursor;
  } while (cursor);
  expect(pages).toEqual(["in 2", "two", "in 1", "one"]);
  await expectError(await t.api.get(`/contacts/${contactId}/messages?cursor=garbage`), 400, "invalid_request");
  await expectError(await t.api.get("/contacts/no-such-contact/messages"), 404, "not_found");
});
