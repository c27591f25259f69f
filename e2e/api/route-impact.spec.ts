// POST /route/impact over HTTP (SPEC §3): a default move counted on real sends, every bad body
// refused with its field, and another location's instance answered 404.
import { expect, expectError, expectInvalid, POOL, test } from "../support/fixtures";

test("moving the default: the messages the old default sent are counted to the new one", async ({ tenant }) => {
  const t = await tenant({ instances: POOL });
  for (const phone of ["+15550190001", "+15550190002", "+15550190001"]) {
    expect((await t.api.post("/messages", { channel: "whatsapp", phone, body: "Your order has shipped" })).status()).toBe(201);
  }
  const response = await t.api.post("/route/impact", { days: 7, change: { defaults: { whatsapp: t.instances["whatsapp#3"] } } });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual({
    replayed: 3,
    changed: [
      {
        from: { id: t.instances["whatsapp#2"], index: 2, label: "Support", phone: "+15550100002" },
        to: { id: t.instances["whatsapp#3"], index: 3, label: "Billing", phone: "+15550100003" },
        messages: 3,
        contacts: 2,
      },
    ],
    newErrors: {},
  });
});

const refused: { name: string; body: unknown; path: string }[] = [
  { name: "no days", body: { change: {} }, path: "days" },
  { name: "0 days", body: { days: 0, change: {} }, path: "days" },
  { name: "31 days", body: { days: 31, change: {} }, path: "days" },
  { name: "no change", body: { days: 7 }, path: "change" },
  { name: "an unknown strategy", body: { days: 7, change: { rotationStrategy: "random" } }, path: "change.rotationStrategy" },
  { name: "an unknown channel's default", body: { days: 7, change: { defaults: { telegram: null } } }, path: "change.defaults.telegram" },
  { name: "disconnected as a string", body: { days: 7, change: { disconnected: "abc" } }, path: "change.disconnected" },
  { name: "an unknown change field", body: { days: 7, change: { geomatch: "country" } }, path: "change.geomatch" },
];
for (const row of refused) {
  test(`refused: ${row.name} → 400 on ${row.path}`, async ({ tenant }) => {
    const t = await tenant();
    await expectInvalid(await t.api.post("/route/impact", row.body), row.path);
  });
}

test("another location's instance is not found", async ({ tenant }) => {
  const [t, other] = [await tenant({ instances: POOL }), await tenant({ instances: POOL })];
  await expectError(
    await t.api.post("/route/impact", { days: 7, change: { disconnected: [other.instances["whatsapp#1"]] } }),
    404,
    "not_found",
  );
});
