import { contactSearch, expect, expectError, POOL, test } from "../support/fixtures";

test("contacts: upsert by phone (201 then 200), find by phone in any format, search, tags kept in order", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const created = await t.api.post("/contacts", {
    phone: "(555) 010-7777",
    name: "Maya",
    tags: ["vip", "wa: +1 555 010 0003", "newsletter"],
  });
  expect(created.status()).toBe(201);
  const contact = await created.json();
  expect(contact).toMatchObject({
    phone: "+15550107777",
    name: "Maya",
    tags: ["vip", "wa: +1 555 010 0003", "newsletter"],
    assignedUserId: null,
  });
  const updated = await t.api.post("/contacts", { phone: "+15550107777", assignedUserId: t.users.agent });
  expect(updated.status()).toBe(200);
  expect(await updated.json()).toMatchObject({
    id: contact.id,
    name: "Maya",
    assignedUserId: t.users.agent,
    tags: ["vip", "wa: +1 555 010 0003", "newsletter"],
  });

  const found = await (await t.api.get("/contacts?phone=%2B1%20555-010-7777")).json();
  expect(found.data.map((c: { id: string }) => c.id)).toEqual([contact.id]);
  expect(found.nextCursor).toBeNull();
  expect((await (await t.api.get("/contacts?q=may")).json()).data).toHaveLength(1);
  // Tag rows are stored in order with parsed number tags (the Doctor reads them).
  const tags = await db.contactTag.findMany({ where: { contactId: contact.id }, orderBy: { position: "asc" } });
  expect(tags.map((x) => [x.value, x.channel, x.phone])).toEqual([
    ["vip", null, null],
    ["wa: +1 555 010 0003", "whatsapp", "+15550100003"],
    ["newsletter", null, null],
  ]);
  expect(await db.auditEntry.count({ where: { locationId: t.id, entityType: "contact" } })).toBe(2);
});

test("contacts: PATCH tags, assignment and name; routing follows", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const c = await (await t.api.post("/contacts", { phone: "+15550107778" })).json();
  const patched = await (await t.api.patch(`/contacts/${c.id}`, { tags: ["WA: +1 555 010 0001", "x"], name: "Liam" })).json();
  expect(patched).toMatchObject({ id: c.id, name: "Liam", tags: ["WA: +1 555 010 0001", "x"] });
  expect((await (await t.api.post("/route", { channel: "whatsapp", contactId: c.id, body: "hi" })).json()).rule).toBe("contact_tag");
  const cleared = await (await t.api.patch(`/contacts/${c.id}`, { tags: [], assignedUserId: null })).json();
  expect(cleared.tags).toEqual([]);
  await expectError(await t.api.patch(`/contacts/${c.id}`, { assignedUserId: "nobody" }), 404, "not_found");
  await expectError(await t.api.patch(`/contacts/${c.id}`, { phone: "+15550000000" }), 400, "invalid_request");
});

test("contacts: q is a phone prefix in E.164 or a name prefix (README, HTTP API)", async ({ tenant }) => {
  const t = await tenant();
  const names = await contactSearch(t.api, [
    ["+15551234567", "Alice Moreau"],
    ["+15559870000", "alicia"],
    ["+445551230000", "Malice"],
    ["+15550001111", "Bob"],
  ]);
  // Digits: as typed with a "+", or a national number of the location's country (US here); sorted by phone.
  expect(await names("555")).toEqual(["Bob", "Alice Moreau", "alicia"]);
  expect(await names("(555) 123")).toEqual(["Alice Moreau"]);
  expect(await names("+1555")).toEqual(["Bob", "Alice Moreau", "alicia"]);
  expect(await names("+44")).toEqual(["Malice"]);
  // Words: a name prefix, as typed or capitalised — no longer anywhere in the name.
  expect(await names("Ali")).toEqual(["Alice Moreau"]);
  expect(await names("ali")).toEqual(["Alice Moreau", "alicia"]);
  expect(await names("lic")).toEqual([]);
  // The same cursor format pages a search: two pages, sorted, nothing twice.
  const p1 = await (await t.api.get("/contacts?q=555&limit=2")).json();
  const p2 = await (await t.api.get(`/contacts?q=555&limit=2&cursor=${p1.nextCursor}`)).json();
  expect([...p1.data, ...p2.data].map((c: { name: string }) => c.name)).toEqual(["Bob", "Alice Moreau", "alicia"]);
  expect(p2.nextCursor).toBeNull();
  const bad = await expectError(await t.api.get("/contacts?cursor=bm9wZQ"), 400, "invalid_request");
  expect(bad.error.issues).toEqual([expect.objectContaining({ path: "cursor" })]);
});

test("contacts: cursor pagination", async ({ tenant }) => {
  const t = await tenant();
  for (let i = 0; i < 5; i++) await t.api.post("/contacts", { phone: `+1555011000${i}` });
  const p1 = await (await t.api.get("/contacts?limit=3")).json();
  const p2 = await (await t.api.get(`/contacts?limit=3&cursor=${p1.nextCursor}`)).json();
  expect(p1.data).toHaveLength(3);
  expect(p2.data).toHaveLength(2);
  expect(p2.nextCursor).toBeNull();
  expect(new Set([...p1.data, ...p2.data].map((c: { id: string }) => c.id)).size).toBe(5);
});

test("users: role and per-channel instance", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  await t.api.patch(`/instances/${t.instances["imessage#1"]}`, { assignedUserIds: [t.users.admin] });
  const body = await (await t.api.get("/users")).json();
  expect(body.nextCursor).toBeNull();
  const admin = body.data.find((u: { id: string }) => u.id === t.users.admin);
  expect(admin).toMatchObject({
    role: "admin",
    instances: { whatsapp: null, sms: null, imessage: { id: t.instances["imessage#1"], index: 1, phone: "+15550200001" } },
  });
});

test("settings: read, update, audited; strategy change reaches routing", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL.filter((i) => !i.isDefault) });
  const read = await (await t.api.get("/settings")).json();
  expect(read).toMatchObject({
    rotationStrategy: "round_robin",
    warmingDays: 5,
    warmingDailyLimits: [20, 40, 80, 160, 320],
    minHealth: 40,
    defaultCountry: "US",
    webhookUrl: null,
  });
  const patched = await (
    await t.api.patch("/settings", {
      rotationStrategy: "least_used",
      minHealth: 30,
      warmingDays: 3,
      warmingDailyLimits: [10, 20, 30],
      defaultCountry: "gb",
    })
  ).json();
  expect(patched).toMatchObject({
    rotationStrategy: "least_used",
    minHealth: 30,
    warmingDays: 3,
    warmingDailyLimits: [10, 20, 30],
    defaultCountry: "GB",
  });
  expect(await db.auditEntry.count({ where: { locationId: t.id, action: "settings.updated" } })).toBe(1);
  await expectError(await t.api.patch("/settings", { defaultCountry: "XX" }), 400, "invalid_request");
  await expectError(await t.api.patch("/settings", { warmingDailyLimits: [] }), 400, "invalid_request");
  // GB default country: a national number now parses as British.
  const c = await (await t.api.post("/contacts", { phone: "07911 123456" })).json();
  expect(c.phone).toBe("+447911123456");
});

test("settings: a webhook URL gets a whsec_ signing secret", async ({ tenant }) => {
  const t = await tenant();
  const body = await (await t.api.patch("/settings", { webhookUrl: "https://hooks.example.com/number-router" })).json();
  expect(body.webhookUrl).toBe("https://hooks.example.com/number-router");
  expect(body.webhookSecret).toMatch(/^whsec_/);
});
