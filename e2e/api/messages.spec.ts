// POST /messages, GET /messages(/id), delivery reports feeding health.
import { createUser } from "@/lib/seed/factories";
import { expect, expectCreated, expectError, expectStatus, POOL, test } from "../support/fixtures";
import { cookieHeader, signInOverHttp } from "../support/sign-in";

test("a send answers 201 with the message and its decision, and stores it", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const body = await expectCreated(t.api, "/messages", {
    channel: "whatsapp",
    phone: "+1 (555) 060-0001",
    body: "Order {{ WA#1 }} shipped",
  });
  expect(body).toMatchObject({
    status: "sent",
    channel: "whatsapp",
    rule: "manual_override",
    body: "Order shipped",
    instance: { id: t.instances["whatsapp#1"], index: 1, phone: "+15550100001", label: "Orders" },
  });
  expect(typeof body.id).toBe("string");
  expect(body.trace).toHaveLength(6);
  expect(Array.isArray(body.warnings)).toBe(true);
  // The unknown phone became a contact, in E.164.
  const contact = await db.contact.findUniqueOrThrow({ where: { id: body.contactId } });
  expect(contact).toMatchObject({ locationId: t.id, phone: "+15550600001" });

  const stored = await (await t.api.get(`/messages/${body.id}`)).json();
  expect(stored).toMatchObject({
    id: body.id,
    channel: "whatsapp",
    contactId: body.contactId,
    status: "sent",
    rule: "manual_override",
    instance: { index: 1, phone: "+15550100001" },
    errorCode: null,
    errorName: null,
    requestedBody: "Order {{ WA#1 }} shipped",
    body: "Order shipped",
    source: "api",
  });
  expect(stored.trace).toEqual(body.trace);
  expect(Date.parse(stored.createdAt)).not.toBeNaN();
});

test("a failed selection is stored too and answered with its id", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const body = await expectStatus(await t.api.post("/messages", { channel: "whatsapp", phone: "+15550600002", body: "hi {{WA#7}}" }), 422);
  expect(body.error).toMatchObject({ code: 101, name: "override_instance_not_found" });
  expect(body.error.trace).toHaveLength(6);
  expect(typeof body.id).toBe("string");
  const stored = await (await t.api.get(`/messages/${body.id}`)).json();
  expect(stored).toMatchObject({ status: "failed", errorCode: 101, errorName: "override_instance_not_found", instance: null });
  expect(await db.message.count({ where: { locationId: t.id } })).toBe(1);
});

test("send by contactId; unknown message id → 404", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL, contacts: [{ phone: "+15550600003" }] });
  const contact = await db.contact.findFirstOrThrow({ where: { locationId: t.id } });
  const response = await t.api.post("/messages", { channel: "sms", contactId: contact.id, body: "code 1234" });
  expect(response.status()).toBe(201);
  expect((await response.json()).contactId).toBe(contact.id);
  await expectError(await t.api.get("/messages/does-not-exist"), 404, "not_found");
  await expectError(await t.api.post("/messages", { channel: "sms", contactId: "does-not-exist", body: "x" }), 404, "not_found");
});

test("list: newest first, filters, cursor pagination", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await t.api.post("/messages", { channel: "whatsapp", phone: "+15550600004", body: `m${i} {{WA#${i % 2 === 0 ? 1 : 3}}}` });
    ids.push((await r.json()).id);
  }
  const failed = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15550600004", body: "x {{WA#9}}" })).json();
  const all = await (await t.api.get("/messages")).json();
  expect(all.nextCursor).toBeNull();
  expect(all.data.map((m: { id: string }) => m.id)).toEqual([failed.id, ...ids.reverse()]);

  const page1 = await (await t.api.get("/messages?limit=2")).json();
  expect(page1.data).toHaveLength(2);
  expect(typeof page1.nextCursor).toBe("string");
  const page2 = await (await t.api.get(`/messages?limit=2&cursor=${page1.nextCursor}`)).json();
  const page3 = await (await t.api.get(`/messages?limit=2&cursor=${page2.nextCursor}`)).json();
  expect(page3.nextCursor).toBeNull();
  expect([...page1.data, ...page2.data, ...page3.data].map((m: { id: string }) => m.id)).toEqual(all.data.map((m: { id: string }) => m.id));

  const byInstance = await (await t.api.get(`/messages?instanceId=${t.instances["whatsapp#3"]}`)).json();
  expect(byInstance.data).toHaveLength(2);
  const byError = await (await t.api.get("/messages?errorCode=101")).json();
  expect(byError.data.map((m: { id: string }) => m.id)).toEqual([failed.id]);
  const byRule = await (await t.api.get("/messages?rule=manual_override")).json();
  expect(byRule.data).toHaveLength(6);
  const byContact = await (await t.api.get(`/messages?contactId=${failed.id ? all.data[0].contactId : ""}`)).json();
  expect(byContact.data).toHaveLength(6);
});

test("delivery reports feed the health score", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const send = async () =>
    (await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15550600005", body: "hi {{WA#1}}" })).json()).id as string;
  const a = await send();
  const b = await send();
  await db.instance.update({ where: { id: t.instances["whatsapp#1"] }, data: { healthScore: 50 } });
  // (the cache may hold 100 for up to its TTL; the report reads the row itself)
  const delivered = await t.api.post(`/messages/${a}/delivery`, { status: "delivered" });
  expect(delivered.status()).toBe(200);
  expect((await delivered.json()).status).toBe("delivered");
  expect((await db.instance.findUniqueOrThrow({ where: { id: t.instances["whatsapp#1"] } })).healthScore).toBe(52);
  const failed = await t.api.post(`/messages/${b}/delivery`, { status: "failed", error: "recipient blocked" });
  expect(await failed.json()).toMatchObject({ status: "failed", deliveryError: "recipient blocked" });
  expect((await db.instance.findUniqueOrThrow({ where: { id: t.instances["whatsapp#1"] } })).healthScore).toBe(42);
  // Repeating a report changes nothing; contradicting it is refused.
  expect((await t.api.post(`/messages/${a}/delivery`, { status: "delivered" })).status()).toBe(200);
  expect((await db.instance.findUniqueOrThrow({ where: { id: t.instances["whatsapp#1"] } })).healthScore).toBe(42);
  await expectError(await t.api.post(`/messages/${a}/delivery`, { status: "failed" }), 409, "invalid_transition");
  // Read moves it on (a delivery already counted: health stays); a step back is refused.
  const read = await t.api.post(`/messages/${a}/delivery`, { status: "read" });
  expect((await read.json()).status).toBe("read");
  expect((await db.instance.findUniqueOrThrow({ where: { id: t.instances["whatsapp#1"] } })).healthScore).toBe(42);
  await expectError(await t.api.post(`/messages/${a}/delivery`, { status: "delivered" }), 409, "invalid_transition");
  await expectError(await t.api.post(`/messages/${b}/delivery`, { status: "read" }), 409, "invalid_transition");
  await expectError(await t.api.post(`/messages/${a}/delivery`, { status: "seen" }), 400, "invalid_request");
  // One path for every status change: each applied report is on the message's timeline, from the API.
  const timeline = await db.messageStatusChange.findMany({ where: { messageId: { in: [a, b] } }, orderBy: { at: "asc" } });
  expect(timeline.map((c) => [c.messageId === a ? "a" : "b", c.status, c.source, c.detail])).toEqual([
    ["a", "delivered", "api", null],
    ["b", "failed", "api", "recipient blocked"],
    ["a", "read", "api", null],
  ]);
});

test("a failed delivery's errorCode is delivery_failed, in the API and on the dashboard alike", async ({ baseURL, tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const sent = (await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15550600007", body: "hi {{WA#1}}" })).json())
    .id as string;
  await t.api.post(`/messages/${sent}/delivery`, { status: "failed", error: "recipient blocked" });
  const stored = await (await t.api.get(`/messages/${sent}`)).json();
  expect(stored).toMatchObject({
    status: "failed",
    errorCode: "delivery_failed",
    errorName: "delivery_failed",
    rule: "manual_override",
    instance: { index: 1 },
  });
  const listed = await (await t.api.get("/messages?errorCode=delivery_failed")).json();
  expect(listed.data.map((m: { id: string; errorCode: unknown }) => [m.id, m.errorCode])).toEqual([[sent, "delivery_failed"]]);
  // The dashboard reads the same view: the message page names the same code beside the gateway's reason.
  const email = `delivery-${t.id}@test.example`;
  await createUser(db, { email, name: "Delivery", password: "delivery-pass-1", locationId: t.id, role: "support" });
  const page = await fetch(`${baseURL}/${t.id}/messages/${sent}`, {
    headers: { cookie: cookieHeader(await signInOverHttp(baseURL!, email, "delivery-pass-1")) },
  });
  expect(await page.text()).toContain("delivery_failed: recipient blocked");
});

test("a delivery report for a message that was never sent → 409", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const failed = await (await t.api.post("/messages", { channel: "whatsapp", phone: "+15550600006", body: "{{WA#9}} x" })).json();
  await expectError(await t.api.post(`/messages/${failed.id}/delivery`, { status: "delivered" }), 409, "invalid_transition");
});
