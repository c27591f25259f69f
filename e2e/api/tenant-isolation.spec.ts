// Every route with an id: an id of another location is 404 (never 403), nothing changes there,
// and lists never show another location's rows.
import { expect, expectError, POOL, test } from "../support/fixtures";

test("ids of another location are 404 on every route, and nothing changes there", async ({ tenant, db }) => {
  const a = await tenant({ instances: POOL });
  const b = await tenant({ instances: POOL, contacts: [{ phone: "+15550400001", tags: ["vip"] }] });
  const bContact = (await db.contact.findFirstOrThrow({ where: { locationId: b.id } })).id;
  const bInstance = b.instances["whatsapp#1"];
  const bDefault = b.instances["whatsapp#2"];
  const sent = await b.api.post("/messages", { channel: "whatsapp", contactId: bContact, body: "hello" });
  expect(sent.status()).toBe(201);
  const bMessage = (await sent.json()).id as string;

  await expectError(await a.api.get(`/messages/${bMessage}`), 404, "not_found");
  await expectError(await a.api.post(`/messages/${bMessage}/delivery`, { status: "delivered" }), 404, "not_found");
  await expectError(await a.api.get(`/instances/${bInstance}`), 404, "not_found");
  await expectError(await a.api.patch(`/instances/${bInstance}`, { label: "stolen" }), 404, "not_found");
  await expectError(await a.api.delete(`/instances/${bInstance}`), 404, "not_found");
  await expectError(await a.api.delete(`/instances/${bDefault}?force=true`), 404, "not_found");
  await expectError(await a.api.post(`/instances/${bInstance}/status`, { status: "disconnected", reason: "banned" }), 404, "not_found");
  await expectError(await a.api.get(`/contacts/${bContact}`), 404, "not_found");
  await expectError(await a.api.patch(`/contacts/${bContact}`, { tags: ["stolen"] }), 404, "not_found");
  await expectError(await a.api.post("/messages", { channel: "whatsapp", contactId: bContact, body: "hi" }), 404, "not_found");
  await expectError(await a.api.post("/route", { channel: "whatsapp", contactId: bContact, body: "hi" }), 404, "not_found");
  // Users of another location cannot be assigned.
  await expectError(await a.api.patch(`/instances/${a.instances["whatsapp#1"]}`, { assignedUserIds: [b.users.agent] }), 404, "not_found");
  await expectError(await a.api.post("/contacts", { phone: "+15550400002", assignedUserId: b.users.agent }), 404, "not_found");
  // `from` naming another location's instance resolves to nothing here: 101, not B's number.
  const from = await a.api.post("/route", { channel: "whatsapp", phone: "+15550400003", body: "hi", from: bInstance });
  expect(from.status()).toBe(422);
  expect((await from.json()).error.code).toBe(101);

  // B is untouched.
  const instance = await db.instance.findUniqueOrThrow({ where: { id: bInstance } });
  expect(instance.label).toBe("Orders");
  expect(instance.status).toBe("connected");
  expect(await db.instance.count({ where: { locationId: b.id } })).toBe(POOL.length);
  const contact = await db.contact.findUniqueOrThrow({ where: { id: bContact }, include: { tags: true } });
  expect(contact.tags.map((t) => t.value)).toEqual(["vip"]);
  expect((await db.message.findUniqueOrThrow({ where: { id: bMessage } })).status).toBe("sent");
  expect(await db.message.count({ where: { locationId: b.id } })).toBe(1);
  expect(await db.auditEntry.count({ where: { locationId: b.id } })).toBe(0);
});

test("lists show only the key's own location", async ({ tenant, db }) => {
  const a = await tenant({ instances: POOL.slice(0, 1) });
  const b = await tenant({ instances: POOL, contacts: [{ phone: "+15550400001" }] });
  const bContact = (await db.contact.findFirstOrThrow({ where: { locationId: b.id } })).id;
  await b.api.post("/messages", { channel: "whatsapp", contactId: bContact, body: "hello" });

  const instances = (await (await a.api.get("/instances")).json()).data as { id: string }[];
  expect(instances.map((i) => i.id)).toEqual([a.instances["whatsapp#1"]]);
  expect((await (await a.api.get("/messages")).json()).data).toEqual([]);
  expect((await (await a.api.get(`/messages?contactId=${bContact}`)).json()).data).toEqual([]);
  expect((await (await a.api.get(`/messages?instanceId=${b.instances["whatsapp#1"]}`)).json()).data).toEqual([]);
  expect((await (await a.api.get("/contacts?phone=%2B15550400001")).json()).data).toEqual([]);
  expect((await (await a.api.get("/contacts?q=555")).json()).data).toEqual([]);
  const users = (await (await a.api.get("/users")).json()).data as { id: string }[];
  expect(users.map((u) => u.id).sort()).toEqual([a.users.admin, a.users.agent].sort());
  const settings = await (await a.api.get("/settings")).json();
  expect(settings.id).toBe(a.id);
});
