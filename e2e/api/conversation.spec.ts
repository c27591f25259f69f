// The routing policies beyond the seeds through the API (SPEC §2, issue 11): the `conversation`
// rule (a contact is answered from the number it wrote to, rotation does not move it, a gone
// number's binding is dropped) and the failover policy. POOL: WhatsApp #1, #2 (default), #3.
import { RULES } from "@/lib/engine/types";
import { expect, POOL, test } from "../support/fixtures";

type Sent = { status: string; rule: string; instance: { index: number } | null; warnings: { code: string }[]; trace: { rule: string }[] };

async function bindingsOf(api: import("../support/api-client").Api, contactId: string) {
  const contact = await (await api.get(`/contacts/${contactId}`)).json();
  return (contact.bindings as { channel: string; instance: { index: number }; source: string }[]).map((b) => [
    b.channel,
    b.instance.index,
    b.source,
  ]);
}

test("a contact that wrote to #3 is answered from #3 — no tag, no assignment — and stays there while others rotate", async ({ tenant }) => {
  const t = await tenant({ instances: POOL.map((i) => ({ ...i, isDefault: false })) });
  expect((await t.api.patch("/settings", { stickySender: true })).status()).toBe(200);
  const inbound = await t.api.post("/inbound", { channel: "whatsapp", to: t.instances["whatsapp#3"], from: "+15551700001", body: "Hi" });
  expect(inbound.status(), await inbound.text()).toBe(201);
  const { contactId } = await inbound.json();
  expect(await bindingsOf(t.api, contactId)).toEqual([["whatsapp", 3, "inbound"]]);

  for (let k = 0; k < 3; k++) {
    const reply = (await (await t.api.post("/messages", { channel: "whatsapp", contactId, body: "Thanks for writing" })).json()) as Sent;
    expect(reply).toMatchObject({ rule: "conversation", instance: { index: 3 } });
    // The ladder has the conversation rule between assignment and default: seven steps.
    expect(reply.trace.map((s) => s.rule)).toEqual([...RULES]);
    expect(RULES.indexOf("conversation")).toBe(RULES.indexOf("user_assignment") + 1);
    // Another contact meanwhile goes through rotation.
    const other = (await (await t.api.post("/messages", { channel: "whatsapp", phone: `+1555170010${k}`, body: "Promo" })).json()) as Sent;
    expect(other.rule).toBe("any_available");
  }
  // An override sends from #1 once and never moves the binding.
  const override = (await (await t.api.post("/messages", { channel: "whatsapp", contactId, body: "From orders {{WA#1}}" })).json()) as Sent;
  expect(override).toMatchObject({ rule: "manual_override", instance: { index: 1 } });
  expect((await bindingsOf(t.api, contactId))[0].slice(0, 2)).toEqual(["whatsapp", 3]);
});

test("a banned bound number: the binding is dropped, the next send rotates and binds the new number", async ({ tenant }) => {
  const t = await tenant({ instances: POOL.map((i) => ({ ...i, isDefault: false })) });
  await t.api.patch("/settings", { stickySender: true });
  const { contactId } = await (
    await t.api.post("/inbound", { channel: "whatsapp", to: t.instances["whatsapp#3"], from: "+15551700002", body: "Hi" })
  ).json();
  const banned = await t.api.post(`/instances/${t.instances["whatsapp#3"]}/status`, { status: "disconnected", reason: "banned" });
  expect(banned.status(), await banned.text()).toBe(200);
  const next = (await (await t.api.post("/messages", { channel: "whatsapp", contactId, body: "Are you still there?" })).json()) as Sent;
  expect(next.rule).toBe("any_available");
  expect([1, 2]).toContain(next.instance?.index);
  expect(await bindingsOf(t.api, contactId)).toEqual([["whatsapp", next.instance?.index, "outbound"]]);
});

test("a transient drop of the bound number keeps the binding: this message goes elsewhere, the next one back", async ({ tenant }) => {
  const t = await tenant({ instances: POOL.map((i) => ({ ...i, isDefault: false })) });
  await t.api.patch("/settings", { stickySender: true });
  const wa3 = t.instances["whatsapp#3"];
  const { contactId } = await (await t.api.post("/inbound", { channel: "whatsapp", to: wa3, from: "+15551700003", body: "Hi" })).json();
  await t.api.post(`/instances/${wa3}/status`, { status: "disconnected", reason: "transient" });
  const meanwhile = (await (await t.api.post("/messages", { channel: "whatsapp", contactId, body: "One" })).json()) as Sent;
  expect(meanwhile.rule).toBe("any_available");
  expect(await bindingsOf(t.api, contactId)).toEqual([["whatsapp", 3, "inbound"]]);
  await t.api.post(`/instances/${wa3}/status`, { status: "connecting" });
  await t.api.post(`/instances/${wa3}/status`, { status: "connected" });
  const back = (await (await t.api.post("/messages", { channel: "whatsapp", contactId, body: "Two" })).json()) as Sent;
  expect(back).toMatchObject({ rule: "conversation", instance: { index: 3 } });
});

test("failover next_rule: an override naming no instance falls through to the default, with a warning; error stops it", async ({
  tenant,
}) => {
  const t = await tenant({ instances: POOL });
  const refused = await t.api.post("/messages", { channel: "whatsapp", phone: "+15551700004", body: "Hi {{WA#9}}" });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.code).toBe(101);
  expect((await t.api.patch("/settings", { failover: "next_rule" })).status()).toBe(200);
  const sent = await t.api.post("/messages", { channel: "whatsapp", phone: "+15551700004", body: "Hi {{WA#9}}" });
  expect(sent.status(), await sent.text()).toBe(201);
  const body = (await sent.json()) as Sent;
  expect(body).toMatchObject({ rule: "default_instance", instance: { index: 2 } });
  expect(body.warnings.map((w) => w.code)).toContain("failover_used");
});
