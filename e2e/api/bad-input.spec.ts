// Issue 9, finding 8: bad input is refused with a JSON error naming the field — never a 500, never
// stored corrupted, never a wildcard. Every route's unsupported methods answer a JSON 405.

import { createUser } from "@/lib/seed/factories";
import { contactSearch, expect, expectError, expectInvalid, POOL, test } from "../support/fixtures";
import { apiRouteFiles, HTTP_METHODS, servedMethods } from "./app-routes";

test("an unknown query parameter (?from=9999-99-99) is a 400 naming it, not a 500", async ({ tenant }) => {
  const t = await tenant();
  await expectInvalid(await t.api.get("/messages?from=9999-99-99"), "from");
  await expectInvalid(await t.api.get("/messages?since=9999-99-99"), "since");
});

test("a malformed percent-encoding or a NUL in the path is a JSON 400, and an impossible id a JSON 404", async ({ tenant }) => {
  const t = await tenant();
  for (const path of ["/contacts/%E0%A4%A", "/contacts/%ZZ", "/%E0%A4%A", "/contacts/%00"]) {
    const response = await t.api.get(path);
    expect(response.headers()["content-type"], path).toMatch(/^application\/json/);
    await expectError(response, 400, "invalid_request");
  }
  for (const path of ["/contacts/a%20b", "/messages/%E2%80%AE1", `/instances/${"x".repeat(65)}`]) {
    await expectError(await t.api.get(path), 404, "not_found");
  }
});

test("every API route answers a method it does not have with a JSON 405 and Allow", async ({ baseURL, tenant }) => {
  const t = await tenant();
  let checked = 0;
  for (const route of apiRouteFiles()) {
    if (route.url.includes("/x") && route.file.includes("/[...")) continue; // the catch-all answers 404 to every method
    const served = await servedMethods(baseURL!, route.url);
    expect(served.length, route.file).toBeGreaterThan(0);
    for (const method of HTTP_METHODS.filter((m) => !served.includes(m))) {
      const response = await fetch(`${baseURL}${route.url}`, { method, headers: { authorization: `Bearer ${t.key}` } });
      expect(response.status, `${method} ${route.url}`).toBe(405);
      expect(response.headers.get("content-type"), `${method} ${route.url}`).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("method_not_allowed");
      expect(body.error.message).toContain(method);
      const allow = (response.headers.get("allow") ?? "").split(",").map((m) => m.trim());
      expect(allow, `${method} ${route.url}`).toEqual(expect.arrayContaining(served));
      expect(allow).not.toContain(method);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(10);
});

test.describe("control, bidi and unpaired-surrogate characters are refused where text is stored", () => {
  const send = { channel: "whatsapp", phone: "+15550109001" };
  test("message bodies: NUL, BEL, C1 and bidi overrides are refused; newlines and tabs are fine", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    for (const bad of ["Hi\u0000there", "Ring\u0007", "C1\u0085x", "Pay \u202Eevil\u202C now", "iso\u2066late\u2069"]) {
      const body = await expectError(await t.api.post("/messages", { ...send, body: bad }), 400, "invalid_request");
      expect(body.error.issues, JSON.stringify(bad)).toContainEqual(
        expect.objectContaining({ path: "body", message: expect.stringMatching(/U\+[0-9A-F]{4}/) }),
      );
    }
    expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
    expect((await t.api.post("/messages", { ...send, body: "Line one\r\n\tLine two — שלום \u200F(RLM) 👋" })).status()).toBe(201);
  });

  test("an unpaired surrogate is refused instead of being stored as U+FFFD", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    // JSON.stringify writes a lone surrogate as the escape \ud83d: valid JSON, invalid Unicode.
    const raw = JSON.stringify({ ...send, body: "broken \ud83d emoji" });
    expect(raw).toContain("\\ud83d");
    await expectInvalid(await t.api.raw("POST", "/messages", raw), "body");
    await expectInvalid(await t.api.raw("POST", "/contacts", JSON.stringify({ phone: "+15550109002", name: "A\udc00" })), "name");
    expect(await db.contact.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("tags, names and labels: every control and bidi character is refused (wa:\\u202E+1… does not route)", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    await expectInvalid(await t.api.post("/contacts", { phone: "+15550109003", tags: ["vip", "wa:\u202E+1 555 010 0001"] }), "tags.1");
    await expectError(
      await t.api.post("/contacts", { phone: "+15550109003", tags: ["wa: +1 555 010 0001\u200E"] }),
      400,
      "invalid_request",
    );
    await expectError(await t.api.post("/contacts", { phone: "+15550109003", name: "Eve\u202Eevil" }), 400, "invalid_request");
    await expectError(await t.api.post("/contacts", { phone: "+15550109003", name: "two\nlines" }), 400, "invalid_request");
    const contact = await (await t.api.post("/contacts", { phone: "+15550109003", name: "Zoë 李", tags: ["vip"] })).json();
    await expectError(await t.api.patch(`/contacts/${contact.id}`, { tags: ["ok", "bell\u0007"] }), 400, "invalid_request");
    await expectError(await t.api.patch(`/instances/${t.instances["whatsapp#1"]}`, { label: "Orders\u202E" }), 400, "invalid_request");
    await expectError(await t.api.post("/instances", { channel: "sms", phone: "+15550109999", label: "x\u0000" }), 400, "invalid_request");
    await expectError(await t.api.patch("/settings", { name: "Acme\u2067" }), 400, "invalid_request");
    await expectError(await t.api.post(`/messages/nope/delivery`, { status: "failed", error: "boom\u0000" }), 400, "invalid_request");
    expect((await db.contact.findUniqueOrThrow({ where: { id: contact.id }, include: { tags: true } })).tags.map((x) => x.value)).toEqual([
      "vip",
    ]);
  });
});

test("NUL in any field, query or dashboard URL is a 400 (PostgreSQL cannot compare NUL: it was a 500 there)", async ({
  baseURL,
  db,
  signIn,
  tenant,
}) => {
  const t = await tenant({ instances: POOL });
  await expectInvalid(await t.api.post("/messages", { channel: "whatsapp", contactId: "ab\u0000c", body: "hi" }), "contactId");
  await expectInvalid(await t.api.get("/messages?contactId=%00"), "contactId");
  await expectError(await t.api.patch(`/instances/${t.instances["whatsapp#1"]}`, { assignedUserIds: ["\u0000"] }), 400, "invalid_request");
  await expectError(await t.api.get("/events?locationId=%00"), 404, "not_found");
  const email = `nul-${t.id}@test.example`;
  await createUser(db, { email, name: "Nul", password: "nul-input-pass-1", locationId: t.id, role: "support" });
  const cookie = await signIn(email, "nul-input-pass-1");
  for (const url of [`/${t.id}/contacts?q=a%00`, `/${t.id}/messages/%00`, `/%00/overview`, `/${t.id}/routing?contactId=%00`]) {
    expect((await fetch(`${baseURL}${url}`, { headers: { cookie } })).status, url).toBe(400);
  }
});

test("q=% and q=_ are literal text, not wildcards", async ({ tenant }) => {
  const t = await tenant();
  const named = ["% off", "snake_case", "snakes", "Ann", "\\slash"];
  const search = await contactSearch(
    t.api,
    named.map((name, k): [string, string] => [`+1555010910${k + 1}`, name]),
  );
  const names = async (q: string) => (await search(q)).sort();
  expect(await names("%")).toEqual(["% off"]);
  expect(await names("_")).toEqual([]);
  expect(await names("snake_")).toEqual(["snake_case"]);
  expect(await names("\\")).toEqual(["\\slash"]);
  expect(await names("ann")).toEqual(["Ann"]);
});

test.describe("dashboard pages ignore malformed filters instead of failing", () => {
  test("a bad contacts cursor and an impossible message date render the page", async ({ baseURL, db, signIn, tenant }) => {
    const t = await tenant();
    const email = `bad-input-${t.id}@test.example`;
    await createUser(db, { email, name: "Bad Input", password: "bad-input-pass-1", locationId: t.id, role: "support" });
    const cookie = await signIn(email, "bad-input-pass-1");
    const cursors = [
      "not-base64!",
      Buffer.from('["garbage","id"]').toString("base64url"),
      Buffer.from('"ab"').toString("base64url"),
      Buffer.from("[1,2]").toString("base64url"),
    ];
    for (const cursor of cursors) {
      const page = await fetch(`${baseURL}/${t.id}/contacts?cursor=${encodeURIComponent(cursor)}`, { headers: { cookie } });
      expect(page.status, cursor).toBe(200);
    }
    for (const query of [
      "since=9999-99-99",
      "until=2024-13-01",
      "since=2024-02-30&until=x",
      "status=bogus&rule=x",
      `cursor=${Buffer.from("nope|x").toString("base64url")}`,
    ]) {
      const page = await fetch(`${baseURL}/${t.id}/messages?${query}`, { headers: { cookie } });
      expect(page.status, query).toBe(200);
    }
  });
});
