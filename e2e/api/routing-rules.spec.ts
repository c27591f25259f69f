// SPEC §2 through POST /route: each rule of the hierarchy resolves, each error 101–106, the
// refusals (ambiguous_override, empty_body), and the dry run's promise: nothing stored.
import type { Api } from "../support/api-client";
import { expect, expectStatus, type InstanceSpec, POOL, test } from "../support/fixtures";

const route = (channel: string, body: string, extra: Record<string, unknown> = {}) => ({ channel, body, phone: "+15550500001", ...extra });

test("rule 1 manual_override: {{ WA#N }} picks #N and is stripped", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const body = await expectStatus(await t.api.post("/route", route("whatsapp", "Your invoice {{ wa#3 }} is ready")), 200);
  expect(body.id).toBeUndefined();
  expect(body.rule).toBe("manual_override");
  expect(body.instance).toMatchObject({ id: t.instances["whatsapp#3"], index: 3, phone: "+15550100003", label: "Billing" });
  expect(body.body).toBe("Your invoice is ready");
  expect(body.trace).toHaveLength(6);
  expect(body.trace[0]).toMatchObject({ step: 1, rule: "manual_override", outcome: "matched" });
  expect(body.trace.slice(1).every((s: { outcome: string }) => s.outcome === "not_reached")).toBe(true);
});

test("rule 1 manual_override: the API's `from` by instance id and by number", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const byId = await (await t.api.post("/route", route("whatsapp", "hi", { from: t.instances["whatsapp#1"] }))).json();
  expect(byId).toMatchObject({ rule: "manual_override", instance: { index: 1 } });
  const byPhone = await (await t.api.post("/route", route("whatsapp", "hi", { from: "+1 (555) 010-0003" }))).json();
  expect(byPhone).toMatchObject({ rule: "manual_override", instance: { index: 3 } });
});

test("rule 2 temporary_switch: {TEMP-IM#N} for one message", async ({ tenant, db }) => {
  const t = await tenant({ instances: [...POOL, { channel: "imessage", index: 2, phone: "+1 555 020 0002", isDefault: true }] });
  const body = await (await t.api.post("/route", route("imessage", "Quick update {TEMP-IM#1}"))).json();
  expect(body).toMatchObject({ rule: "temporary_switch", instance: { index: 1 }, body: "Quick update" });
  expect(await db.contact.count({ where: { locationId: t.id } })).toBe(0);
});

test("rule 3 contact_tag: the first connected tagged number, in tag order", async ({ tenant }) => {
  const t = await tenant({
    instances: POOL.map((i) =>
      i.channel === "whatsapp" && i.index === 3 ? { ...i, status: "disconnected", statusReason: "transient" } : i,
    ) as InstanceSpec[],
    contacts: [{ phone: "+15550500002", tags: ["vip", "wa: +1 555 010 0003", "WA:+1-555-010-0001"] }],
  });
  const body = await (await t.api.post("/route", route("whatsapp", "hi", { phone: "+15550500002" }))).json();
  expect(body.rule).toBe("contact_tag");
  expect(body.instance.index).toBe(1);
  expect(body.trace[2]).toMatchObject({ rule: "contact_tag", outcome: "matched" });
});

test("rule 4 user_assignment: the assigned user's instance", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL, contacts: [{ phone: "+15550500003", assignedTo: "agent" }] });
  await db.userInstance.create({
    data: { locationId: t.id, userId: t.users.agent, channel: "whatsapp", instanceId: t.instances["whatsapp#1"] },
  });
  const body = await (await t.api.post("/route", route("whatsapp", "hi", { phone: "+15550500003" }))).json();
  expect(body).toMatchObject({ rule: "user_assignment", instance: { index: 1 } });
});

test("rule 5 default_instance: the channel's connected default", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const body = await (await t.api.post("/route", route("whatsapp", "hello"))).json();
  expect(body).toMatchObject({ rule: "default_instance", instance: { index: 2 } });
});

test("rule 5 skipped when the default is disconnected; rule 6 any_available rotates", async ({ tenant }) => {
  const t = await tenant({
    instances: POOL.map((i) => (i.isDefault ? { ...i, status: "disconnected", statusReason: "logged_out" } : i)) as InstanceSpec[],
  });
  const body = await (await t.api.post("/route", route("whatsapp", "hello"))).json();
  expect(body.rule).toBe("any_available");
  expect(body.trace[4]).toMatchObject({ rule: "default_instance", outcome: "skipped" });
  expect(body.trace[4].detail).toMatch(/disconnected/i);
  expect(body.warnings.length).toBeGreaterThan(0);
  expect([1, 3]).toContain(body.instance.index);
});

test("dry runs do not advance the rotation; sends do", async ({ tenant }) => {
  const t = await tenant({ instances: POOL.filter((i) => !i.isDefault) });
  const dry1 = await (await t.api.post("/route", route("whatsapp", "a"))).json();
  const dry2 = await (await t.api.post("/messages", route("whatsapp", "a", { dryRun: true }))).json();
  expect(dry2.id).toBeUndefined();
  expect(dry1.instance.index).toBe(dry2.instance.index);
  const sent1 = await (await t.api.post("/messages", route("whatsapp", "a"))).json();
  const sent2 = await (await t.api.post("/messages", route("whatsapp", "a"))).json();
  expect(sent1.instance.index).toBe(dry1.instance.index);
  expect(sent2.instance.index).not.toBe(sent1.instance.index);
});

test("a dry run stores nothing, not even an unknown phone's contact", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  const body = await expectStatus(await t.api.post("/messages", route("whatsapp", "hello {{ WA#9 }}", { dryRun: true })), 422);
  expect(body.id).toBeUndefined();
  expect(await db.message.count({ where: { locationId: t.id } })).toBe(0);
  expect(await db.contact.count({ where: { locationId: t.id } })).toBe(0);
  expect(await db.event.count({ where: { locationId: t.id } })).toBe(0);
});

async function expectSelectionError(response: import("@playwright/test").APIResponse, status: number, code: number | string, name: string) {
  expect(response.status(), await response.text()).toBe(status);
  const body = await response.json();
  expect(body.error).toMatchObject({ code, name });
  expect(typeof body.error.message).toBe("string");
  expect(body.error.trace).toHaveLength(6);
  return body;
}

/** A WhatsApp "hi" to the contact at `phone` is refused with this selection error. */
async function expectContactRefused(api: Api, phone: string, status: number, code: number, name: string) {
  return expectSelectionError(await api.post("/route", route("whatsapp", "hi", { phone })), status, code, name);
}

test("101 override_instance_not_found", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const body = await expectSelectionError(
    await t.api.post("/route", route("whatsapp", "hi {{ WA#9 }}")),
    422,
    101,
    "override_instance_not_found",
  );
  expect(body.error.trace[0].outcome).toBe("failed");
});

test("102 override_instance_not_connected", async ({ tenant }) => {
  const t = await tenant({
    instances: [...POOL, { channel: "whatsapp", index: 4, phone: "+1 555 010 0004", status: "qr_pending", firstConnectedAt: null }],
  });
  await expectSelectionError(await t.api.post("/route", route("whatsapp", "hi { WA#4 }")), 422, 102, "override_instance_not_connected");
});

test("103 tagged_number_not_found", async ({ tenant }) => {
  const t = await tenant({ instances: POOL, contacts: [{ phone: "+15550500004", tags: ["wa: +1 555 999 0000"] }] });
  await expectContactRefused(t.api, "+15550500004", 422, 103, "tagged_number_not_found");
});

test("104 tagged_instance_not_connected", async ({ tenant }) => {
  const t = await tenant({
    instances: POOL.map((i) =>
      i.channel === "whatsapp" && i.index === 3 ? { ...i, status: "disconnected", statusReason: "logged_out" } : i,
    ) as InstanceSpec[],
    contacts: [{ phone: "+15550500005", tags: ["wa: +1 555 010 0003"] }],
  });
  await expectContactRefused(t.api, "+15550500005", 422, 104, "tagged_instance_not_connected");
});

test("105 assigned_instance_not_connected", async ({ tenant, db }) => {
  const t = await tenant({
    instances: POOL.map((i) => (i.channel === "whatsapp" && i.index === 1 ? { ...i, status: "connecting" } : i)) as InstanceSpec[],
    contacts: [{ phone: "+15550500006", assignedTo: "agent" }],
  });
  await db.userInstance.create({
    data: { locationId: t.id, userId: t.users.agent, channel: "whatsapp", instanceId: t.instances["whatsapp#1"] },
  });
  await expectContactRefused(t.api, "+15550500006", 422, 105, "assigned_instance_not_connected");
});

test("106 no_number_available → 409", async ({ tenant }) => {
  const t = await tenant({
    instances: [{ channel: "sms", index: 1, phone: "+1 555 030 0001", status: "disconnected", statusReason: "banned" }],
  });
  await expectSelectionError(await t.api.post("/route", route("sms", "hi")), 409, 106, "no_number_available");
  await expectSelectionError(await t.api.post("/route", route("whatsapp", "hi")), 409, 106, "no_number_available");
});

test("106 when every instance is under minimum health", async ({ tenant }) => {
  const t = await tenant({ instances: [{ channel: "whatsapp", index: 1, phone: "+1 555 010 0001", healthScore: 10 }] });
  await expectSelectionError(await t.api.post("/route", route("whatsapp", "hi")), 409, 106, "no_number_available");
  // An explicit choice still sends, with a warning.
  const explicit = await (await t.api.post("/route", route("whatsapp", "hi {{WA#1}}"))).json();
  expect(explicit.rule).toBe("manual_override");
  expect(explicit.warnings.map((w: { code: string }) => w.code)).toContain("low_health");
});

test("ambiguous_override: two patterns naming different instances → 422", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  await expectSelectionError(
    await t.api.post("/route", route("whatsapp", "hi {{WA#1}} {{WA#3}}")),
    422,
    "ambiguous_override",
    "ambiguous_override",
  );
  await expectSelectionError(
    await t.api.post("/route", route("whatsapp", "hi {{WA#1}}", { from: t.instances["whatsapp#3"] })),
    422,
    "ambiguous_override",
    "ambiguous_override",
  );
  const same = await t.api.post("/route", route("whatsapp", "hi {{WA#1}} {WA#1}"));
  expect(same.status()).toBe(200);
});

test("empty_body: nothing left once patterns are stripped → 422", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  await expectSelectionError(await t.api.post("/route", route("whatsapp", "  {{ WA#1 }}  ")), 422, "empty_body", "empty_body");
});

test("another channel's pattern stays in the body with a warning", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  const body = await (await t.api.post("/route", route("whatsapp", "hello {IM#1}"))).json();
  expect(body.body).toBe("hello {IM#1}");
  expect(body.warnings.map((w: { code: string }) => w.code)).toContain("foreign_pattern");
});

test("an invalid number tag is ignored with a warning", async ({ tenant }) => {
  const t = await tenant({ instances: POOL, contacts: [{ phone: "+15550500007", tags: ["wa: call me"] }] });
  const body = await (await t.api.post("/route", route("whatsapp", "hi", { phone: "+15550500007" }))).json();
  expect(body.rule).toBe("default_instance");
  expect(body.warnings.map((w: { code: string }) => w.code)).toContain("invalid_tag");
});
