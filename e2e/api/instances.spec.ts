// Instances: list, create (index assigned), update (default swap, warming, assignments), delete,
// and the status machine through POST /instances/{id}/status — with events and audit entries.
import { expect, expectCreated, expectError, POOL, test } from "../support/fixtures";

test("list answers { data, nextCursor } with E.164 phones", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const body = await (await t.api.get("/instances")).json();
  expect(body.nextCursor).toBeNull();
  expect(body.data).toHaveLength(POOL.length);
  const wa2 = body.data.find((i: { id: string }) => i.id === t.instances["whatsapp#2"]);
  expect(wa2).toMatchObject({
    channel: "whatsapp",
    index: 2,
    phone: "+15550100002",
    label: "Support",
    status: "connected",
    statusReason: null,
    isDefault: true,
    healthScore: 100,
    assignedUserIds: [],
  });
});

test("create assigns the next free index, starts in qr_pending and is audited", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const body = await expectCreated(t.api, "/instances", { channel: "whatsapp", phone: "+1-555-NEW-LINE", label: "Promotions" });
  expect(body).toMatchObject({
    channel: "whatsapp",
    index: 4,
    phone: "+15556395463",
    label: "Promotions",
    status: "qr_pending",
    isDefault: false,
  });
  const sms = await (await t.api.post("/instances", { channel: "sms", phone: "+1 555 030 0002", label: "SMS 2" })).json();
  expect(sms.index).toBe(2);
  const audit = await db.auditEntry.findMany({ where: { locationId: t.id, entityId: body.id } });
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actorType: "api_key", action: "instance.created" });
});

test("create refuses a number the channel already has (409) and bad input (400)", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  await expectError(await t.api.post("/instances", { channel: "whatsapp", phone: "+1 555 010 0001", label: "Dup" }), 409, "phone_taken");
  await expectError(await t.api.post("/instances", { channel: "fax", phone: "+1 555 010 0009", label: "x" }), 400, "invalid_request");
  await expectError(await t.api.post("/instances", { channel: "whatsapp", phone: "nope", label: "x" }), 400, "invalid_request");
  expect(await db.instance.count({ where: { locationId: t.id } })).toBe(POOL.length);
});

test("isDefault swaps the channel's default atomically", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const response = await t.api.patch(`/instances/${t.instances["whatsapp#3"]}`, { isDefault: true });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ id: t.instances["whatsapp#3"], isDefault: true });
  const defaults = await db.instance.findMany({ where: { locationId: t.id, channel: "whatsapp", isDefault: true } });
  expect(defaults.map((d) => d.id)).toEqual([t.instances["whatsapp#3"]]);
  // Routing sees it at once (the cache is invalidated).
  expect((await (await t.api.post("/route", { channel: "whatsapp", phone: "+15550900001", body: "hi" })).json()).instance.index).toBe(3);
  // Concurrent swaps never leave two defaults.
  await Promise.all([1, 2, 3].map((n) => t.api.patch(`/instances/${t.instances[`whatsapp#${n}`]}`, { isDefault: true })));
  expect(await db.instance.count({ where: { locationId: t.id, channel: "whatsapp", isDefault: true } })).toBe(1);
  const audit = await db.auditEntry.findFirstOrThrow({
    where: { locationId: t.id, entityId: t.instances["whatsapp#3"] },
    orderBy: { createdAt: "asc" },
  });
  expect(JSON.parse(audit.before!).isDefault).toBe(false);
  expect(JSON.parse(audit.after!).isDefault).toBe(true);
});

test("label, warmingDays and assignedUserIds; a user moves between instances of a channel", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const wa1 = t.instances["whatsapp#1"];
  const wa3 = t.instances["whatsapp#3"];
  const body = await (
    await t.api.patch(`/instances/${wa1}`, { label: "Orders team", warmingDays: 7, assignedUserIds: [t.users.agent, t.users.admin] })
  ).json();
  expect(body).toMatchObject({ label: "Orders team", warmingDays: 7 });
  expect(body.assignedUserIds.sort()).toEqual([t.users.agent, t.users.admin].sort());
  await t.api.patch(`/instances/${wa3}`, { assignedUserIds: [t.users.agent] });
  const users = (await (await t.api.get("/users")).json()).data as {
    id: string;
    role: string;
    instances: Record<string, { id: string } | null>;
  }[];
  expect(users.find((u) => u.id === t.users.agent)!.instances.whatsapp!.id).toBe(wa3);
  expect(users.find((u) => u.id === t.users.admin)!.instances.whatsapp!.id).toBe(wa1);
  expect(users.find((u) => u.id === t.users.agent)!.role).toBe("agent");
  const cleared = await (await t.api.patch(`/instances/${wa1}`, { warmingDays: null, assignedUserIds: [] })).json();
  expect(cleared).toMatchObject({ warmingDays: null, assignedUserIds: [] });
  expect(await db.auditEntry.count({ where: { locationId: t.id, action: "instance.updated" } })).toBe(3);
});

test("delete: 409 while default unless force=true; 204 otherwise", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  await expectError(await t.api.delete(`/instances/${t.instances["whatsapp#2"]}`), 409, "instance_is_default");
  expect(await db.instance.count({ where: { id: t.instances["whatsapp#2"] } })).toBe(1);
  expect((await t.api.delete(`/instances/${t.instances["whatsapp#2"]}?force=true`)).status()).toBe(204);
  expect((await t.api.delete(`/instances/${t.instances["whatsapp#1"]}`)).status()).toBe(204);
  await expectError(await t.api.delete(`/instances/${t.instances["whatsapp#1"]}`), 404, "not_found");
  expect(await db.auditEntry.count({ where: { locationId: t.id, action: "instance.deleted" } })).toBe(2);
  // Index 3 still exists, so the next whatsapp instance is #4: an index is never reused while its instance exists.
  expect((await (await t.api.post("/instances", { channel: "whatsapp", phone: "+15550100009", label: "x" })).json()).index).toBe(4);
});

test.describe("status reports", () => {
  const status = (
    t: { api: { post: (p: string, d: unknown) => Promise<import("@playwright/test").APIResponse> } },
    id: string,
    data: unknown,
  ) => t.api.post(`/instances/${id}/status`, data);

  test("the whole machine, each drop reason, events recorded", async ({ tenant, db }) => {
    const t = await tenant({
      instances: [{ channel: "whatsapp", index: 1, phone: "+15550100001", status: "qr_pending", firstConnectedAt: null }],
    });
    const id = t.instances["whatsapp#1"];
    const steps: [Record<string, unknown>, string, string | null][] = [
      [{ status: "connecting" }, "connecting", null],
      [{ status: "connected" }, "connected", null],
      [{ status: "disconnected", reason: "transient" }, "disconnected", "transient"],
      [{ status: "connecting" }, "connecting", null],
      [{ status: "connected" }, "connected", null],
      [{ status: "disconnected", reason: "logged_out" }, "disconnected", "logged_out"],
      [{ status: "qr_pending" }, "qr_pending", null],
      [{ status: "connecting" }, "connecting", null],
      [{ status: "connected" }, "connected", null],
      [{ status: "disconnected", reason: "banned" }, "disconnected", "banned"],
    ];
    for (const [report, to, reason] of steps) {
      const response = await status(t, id, report);
      expect(response.status(), JSON.stringify(report)).toBe(200);
      expect(await response.json()).toMatchObject({ id, status: to, statusReason: reason });
    }
    const row = await db.instance.findUniqueOrThrow({ where: { id } });
    expect(row.healthScore).toBe(0); // banned
    expect(row.firstConnectedAt).not.toBeNull();
    expect(await db.instanceEvent.count({ where: { instanceId: id } })).toBe(steps.length);
    expect(await db.event.count({ where: { locationId: t.id, type: "instance.status_changed" } })).toBe(steps.length);
    // Banned: a gateway drop cannot revive it; the API key (admin rights) can reset it.
    await expectError(await status(t, id, { status: "connecting" }), 409, "invalid_transition");
    await expectError(await status(t, id, { status: "disconnected", reason: "transient" }), 409, "invalid_transition");
    const reset = await status(t, id, { status: "qr_pending" });
    expect(await reset.json()).toMatchObject({ status: "qr_pending", healthScore: 50 });
    const last = await db.instanceEvent.findFirstOrThrow({ where: { instanceId: id }, orderBy: { at: "desc" } });
    expect(last.source).toBe("admin");
  });

  test("an invalid transition → 409 invalid_transition and nothing changes", async ({ tenant, db }) => {
    const t = await tenant({
      instances: [{ channel: "whatsapp", index: 1, phone: "+15550100001", status: "qr_pending", firstConnectedAt: null }],
    });
    const id = t.instances["whatsapp#1"];
    const body = await expectError(await status(t, id, { status: "connected" }), 409, "invalid_transition");
    expect(body.error.message).toMatch(/qr_pending.*connected/);
    const row = await db.instance.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("qr_pending");
    expect(await db.instanceEvent.count({ where: { instanceId: id } })).toBe(0);
    expect(await db.event.count({ where: { locationId: t.id } })).toBe(0);
  });

  test("a report older than the last change is ignored", async ({ tenant, db }) => {
    const t = await tenant({ instances: POOL });
    const id = t.instances["whatsapp#1"];
    const first = await status(t, id, { status: "disconnected", reason: "transient", at: new Date().toISOString() });
    expect((await first.json()).status).toBe("disconnected");
    // Sent before the first one, arriving after it.
    const late = await status(t, id, { status: "disconnected", reason: "logged_out", at: new Date(Date.now() - 60_000).toISOString() });
    expect(late.status()).toBe(200);
    expect(await late.json()).toMatchObject({ status: "disconnected", statusReason: "transient" });
    expect(await db.instanceEvent.count({ where: { instanceId: id } })).toBe(1);
  });

  test("a disconnected instance leaves routing at once", async ({ tenant }) => {
    const t = await tenant({ instances: POOL });
    expect((await (await t.api.post("/route", { channel: "whatsapp", phone: "+15550900002", body: "hi" })).json()).instance.index).toBe(2);
    await status(t, t.instances["whatsapp#2"], { status: "disconnected", reason: "logged_out" });
    const after = await (await t.api.post("/route", { channel: "whatsapp", phone: "+15550900002", body: "hi" })).json();
    expect(after.rule).toBe("any_available");
    expect(after.instance.index).not.toBe(2);
  });
});
