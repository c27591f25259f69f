// Issue 9 finding 2 (SSRF): webhook and gateway URLs that reach this server, its private network
// or cloud metadata are refused when saved (400, on the field) and again when connecting; the
// delivery log says the same thing for every kind of connection failure (no port-scan oracle).
import { expect, expectError, POOL, test } from "../support/fixtures";
import { RECEIVER_HOST, receiver } from "./receiver";

const NOT_PUBLIC = [
  "http://127.0.0.1:3000/hooks",
  "http://127.1/",
  "http://2130706433/",
  "http://0x7f000001/",
  "http://[::1]/",
  "http://[::ffff:127.0.0.1]/",
  "http://localhost:3000/",
  "http://0.0.0.0:22/",
  "http://10.0.0.8/",
  "http://172.16.5.4/",
  "http://192.168.1.1/",
  "http://100.64.0.1/",
  "http://169.254.169.254/latest/meta-data/",
  "http://[fe80::1]/",
  "http://[fd00::1]/",
];

// Gateway URLs are refused the same way on PATCH /instances/{id} (e2e/api/gateways.spec.ts).
for (const field of ["webhookUrl"] as const) {
  test(`${field}: every non-public address is refused on save, with the field`, async ({ tenant }) => {
    const t = await tenant();
    for (const url of [...NOT_PUBLIC, "https://user:secret@hooks.example.com/"]) {
      const body = await expectError(await t.api.patch("/settings", { [field]: url }), 400, "invalid_request");
      expect(body.error.issues, url).toEqual([{ path: field, message: expect.stringMatching(/public address|user name/) }]);
    }
    const settings = await (await t.api.get("/settings")).json();
    expect(settings[field]).toBeNull();
    // A public name is fine (it is resolved again at every connection).
    const saved = await t.api.patch("/settings", { [field]: "https://hooks.example.com/number-router" });
    expect(saved.status(), await saved.text()).toBe(200);
  });
}

test("a webhook URL that reaches loopback at delivery time is refused at connect time", async ({ tenant, db }) => {
  const hook = await receiver([200]);
  try {
    const t = await tenant({ instances: POOL });
    await t.api.patch("/settings", { webhookUrl: "https://hooks.example.com/x" }); // gives the location a secret
    // As if saved before this guard existed, or re-pointed by DNS since: localhost resolves to 127.0.0.1.
    await db.location.update({ where: { id: t.id }, data: { webhookUrl: `http://localhost:${hook.port}/hooks` } });
    await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "transient" });
    const attempt = () =>
      db.webhookAttempt.findFirst({ where: { delivery: { locationId: t.id } }, select: { statusCode: true, error: true } });
    await expect.poll(attempt, { timeout: 10_000 }).toEqual({ statusCode: null, error: "Refused: not a public address" });
    expect(hook.received).toHaveLength(0);
  } finally {
    await hook.close();
  }
});

test("the delivery log does not tell a closed port from a dead host", async ({ tenant, db }) => {
  const t = await tenant({ instances: POOL });
  await t.api.patch("/settings", { webhookUrl: `http://${RECEIVER_HOST}:9/closed` });
  await t.api.post(`/instances/${t.instances["whatsapp#1"]}/status`, { status: "disconnected", reason: "transient" });
  await expect
    .poll(async () => (await db.webhookAttempt.findFirst({ where: { delivery: { locationId: t.id } } }))?.error, { timeout: 10_000 })
    .toBe("Could not connect");
});
