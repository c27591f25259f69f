// SPEC §3 auth and error rows: 401 for unknown/revoked keys, 400 invalid_request bodies with
// issues, oversize bodies, unknown routes — and nothing changes when a request is refused.
import { expect, expectError, expectInvalid, POOL, test } from "../support/fixtures";

test.describe("authentication", () => {
  test("no Authorization header → 401", async ({ request }) => {
    await expectError(await request.get("/api/v1/instances"), 401, "unauthorized");
  });

  test("unknown key → 401", async ({ request }) => {
    await expectError(
      await request.get("/api/v1/instances", { headers: { authorization: "Bearer nr_not_a_real_key_000000000000" } }),
      401,
      "unauthorized",
    );
  });

  test("revoked key → 401", async ({ tenant, db }) => {
    const t = await tenant();
    await db.apiKey.updateMany({ where: { locationId: t.id }, data: { revokedAt: new Date() } });
    await expectError(await t.api.get("/settings"), 401, "unauthorized");
  });

  test("a key that stops working is refused within seconds of revocation", async ({ tenant, db }) => {
    const t = await tenant();
    expect((await t.api.get("/settings")).status()).toBe(200);
    await db.apiKey.updateMany({ where: { locationId: t.id }, data: { revokedAt: new Date() } });
    await expect.poll(async () => (await t.api.get("/settings")).status(), { timeout: 5_000 }).toBe(401);
  });

  test("the health route needs no key", async ({ request }) => {
    const response = await request.get("/api/v1/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  test("an unknown API path answers a JSON 404", async ({ tenant }) => {
    const t = await tenant();
    await expectError(await t.api.get("/no-such-thing"), 404, "not_found");
  });
});

test.describe("bad input is refused with 400 invalid_request and changes nothing", () => {
  test("malformed JSON", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    const body = await expectError(await t.api.raw("POST", "/messages", '{"channel": "whatsapp", '), 400, "invalid_request");
    expect(Array.isArray(body.error.issues)).toBe(true);
    expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("an empty body", async ({ tenant }) => {
    const t = await tenant({ instances: POOL });
    await expectError(await t.api.raw("POST", "/messages", ""), 400, "invalid_request");
  });

  test("wrong types name the field", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    const body = await expectError(
      await t.api.post("/messages", { channel: "telegram", phone: 5551234, body: 42 }),
      400,
      "invalid_request",
    );
    const paths = body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["channel", "phone", "body"]));
    for (const issue of body.error.issues) expect(typeof issue.message).toBe("string");
    expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
    expect(await db.contact.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("unknown fields", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    await expectInvalid(
      await t.api.post("/messages", { channel: "whatsapp", phone: "+15550100099", body: "hi", priority: "high" }),
      "priority",
    );
    expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("a body over 4096 characters", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    await expectInvalid(await t.api.post("/messages", { channel: "whatsapp", phone: "+15550100099", body: "x".repeat(4097) }), "body");
    expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("a body of exactly 4096 characters is accepted", async ({ tenant }) => {
    const t = await tenant({ instances: POOL });
    expect((await t.api.post("/messages", { channel: "whatsapp", phone: "+15550100099", body: "x".repeat(4096) })).status()).toBe(201);
  });

  test("an oversize request payload → 413", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    const huge = JSON.stringify({ channel: "whatsapp", phone: "+15550100099", body: "x".repeat(200_000) });
    await expectError(await t.api.raw("POST", "/messages", huge), 413, "payload_too_large");
    expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("both contactId and phone, or neither", async ({ tenant }) => {
    const t = await tenant({ instances: POOL });
    await expectError(await t.api.post("/messages", { channel: "whatsapp", body: "hi" }), 400, "invalid_request");
    await expectError(
      await t.api.post("/messages", { channel: "whatsapp", body: "hi", phone: "+15550100099", contactId: "x" }),
      400,
      "invalid_request",
    );
  });

  test("an impossible phone number", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    const body = await expectError(await t.api.post("/messages", { channel: "whatsapp", phone: "12", body: "hi" }), 400, "invalid_request");
    expect(body.error.issues[0].path).toBe("phone");
    expect(await db.contact.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("invalid instance, contact and settings patches change nothing", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    const id = t.instances["whatsapp#1"];
    await expectError(await t.api.patch(`/instances/${id}`, { label: "" }), 400, "invalid_request");
    await expectError(await t.api.patch(`/instances/${id}`, { isDefault: "yes" }), 400, "invalid_request");
    await expectError(await t.api.patch(`/instances/${id}`, { label: "New", color: "red" }), 400, "invalid_request");
    await expectError(await t.api.patch("/settings", { minHealth: 101 }), 400, "invalid_request");
    await expectError(await t.api.patch("/settings", { rotationStrategy: "random" }), 400, "invalid_request");
    await expectError(await t.api.patch("/settings", { webhookUrl: "ftp://example.com" }), 400, "invalid_request");
    await expectError(await t.api.post("/contacts", { phone: "+15550100099", tags: "vip" }), 400, "invalid_request");
    await expectError(await t.api.post(`/instances/${id}/status`, { status: "disconnected" }), 400, "invalid_request");
    await expectError(await t.api.post(`/instances/${id}/status`, { status: "sleeping" }), 400, "invalid_request");
    const row = await db.instance.findUniqueOrThrow({ where: { id } });
    expect(row.label).toBe("Orders");
    expect(row.status).toBe("connected");
    const location = await db.location.findUniqueOrThrow({ where: { id: t.id } });
    expect(location.minHealth).toBe(40);
    expect(location.rotationStrategy).toBe("round_robin");
    expect(await db.contact.count({ where: { locationId: t.id } })).toBe(0);
    expect(await db.auditEntry.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("a bad cursor or filter", async ({ tenant }) => {
    const t = await tenant({ instances: POOL });
    await expectError(await t.api.get("/messages?cursor=@@@"), 400, "invalid_request");
    await expectError(await t.api.get("/messages?rule=best_guess"), 400, "invalid_request");
    await expectError(await t.api.get("/messages?errorCode=999"), 400, "invalid_request");
  });

  test("an over-long Idempotency-Key", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    await expectError(
      await t.api.post("/messages", { channel: "whatsapp", phone: "+15550100099", body: "hi" }, { "idempotency-key": "k".repeat(256) }),
      400,
      "invalid_request",
    );
    expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
  });
});
