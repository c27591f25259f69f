import type { APIRequestContext, Page } from "@playwright/test";
import { FakeWebhookGateway } from "../fakes/fake-webhook-gateway";
import { expect, test } from "../support/fixtures";
import { nextAction, replayable } from "../support/server-actions";

// The dashboard of issue 10 (SPEC §4 instance detail, contact thread; §6): an admin connects a
// number to a gateway and tests it, the server's refusals land on their fields, other roles read
// it only (and a replayed server action is refused), a contact's thread shows both directions and
// unpinning removes the binding, and a message shows its delivery timeline as it moves.
//
// The fake gateway listens on 127.0.0.1 and is addressed as receiver.test (TEST_HOST_MAP in
// playwright.config.ts), the one test-only way through the gateway URL guard.
const SECRET = "ui-gateway-secret-0123456789";
const fakeUrl = (fake: { url: string }) => fake.url.replace("127.0.0.1", "receiver.test");
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

async function throwawayInstance(request: APIRequestContext, apiKey: string, label: string) {
  const phone = `+1555760${String(Date.now() + Math.floor(Math.random() * 1000)).slice(-4)}`;
  const res = await request.post("/api/v1/instances", { headers: auth(apiKey), data: { channel: "sms", phone, label } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; index: number };
}

async function chooseKind(page: Page, kind: string) {
  await page.getByLabel("Kind").click();
  await page.getByRole("option", { name: kind }).click();
}

test("admin connects a number to a webhook gateway, tests it and sees the gateway's answer; server refusals show on their fields", async ({
  page,
  login,
  demo,
  request,
}) => {
  const fake = await new FakeWebhookGateway(SECRET).start();
  const instance = await throwawayInstance(request, demo.apiKey, "Gateway UI");
  try {
    await login("admin");
    await page.goto(`/${demo.acmeId}/instances/${instance.id}`);
    const card = page.getByTestId("gateway-card");
    await expect(card.getByTestId("gateway-kind")).toHaveText("Record-only");
    await expect(card.getByRole("button", { name: "Test connection" })).toHaveCount(0);

    await chooseKind(page, "Our webhook");
    await card.getByLabel("URL", { exact: true }).fill(fakeUrl(fake));
    await card.getByLabel("Signing secret (optional)").fill(SECRET);
    await card.getByRole("button", { name: "Save gateway" }).click();
    await expect(page.getByText("Gateway saved")).toBeVisible();
    await expect(card.getByTestId("gateway-kind")).toHaveText("Our webhook");
    // Write-only: the secret is not shown again, only that one is stored.
    await expect(card.getByLabel("Signing secret (optional)")).toHaveValue("");
    await expect(card.getByText("Stored — leave empty to keep.")).toBeVisible();
    const inbound = card.getByLabel("Inbound URL", { exact: true });
    await expect(inbound).toHaveValue(new RegExp(`/api/v1/gateways/${instance.id}/webhook/[A-Za-z0-9_-]{20,}$`));
    await expect(card.getByText(/POSTs instance\.status, message\.delivery and message\.inbound/)).toBeVisible();

    await card.getByRole("button", { name: "Test connection" }).click();
    const answer = card.getByTestId("gateway-test-answer");
    await expect(answer).toContainText("OK");
    await expect(answer).toContainText("HTTP 200");
    await expect(answer).toContainText('The gateway answered HTTP 200: {"ok":true}');
    // The fake took one signed ping, and our signature verified.
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(fake.badSignatures).toHaveLength(0);

    // Down: the answer says so (not an error page).
    await fake.stop();
    await card.getByRole("button", { name: "Test connection" }).click();
    await expect(answer).toContainText("Not OK");
    await expect(answer).toContainText("no HTTP answer");

    // A loopback address not mapped for tests: the server refuses it on the URL field.
    await card.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:9/send");
    await card.getByRole("button", { name: "Save gateway" }).click();
    await expect(card.locator("#gateway-url-error")).toHaveText("Must be a public address: 127.0.0.1 is this server itself (loopback)");
    await expect(card.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");

    // Twilio: the account SID is checked by the API's own schema, next to its field.
    await chooseKind(page, "Twilio");
    await expect(card.getByLabel("API URL (optional)")).toHaveAttribute("placeholder", "https://api.twilio.com");
    await card.getByLabel("Account SID").fill("AC123");
    await card.getByLabel("Auth token").fill("token-0123456789");
    await card.getByRole("button", { name: "Save gateway" }).click();
    await expect(card.locator("#gateway-account-sid-error")).toHaveText("Account SID: AC followed by 32 hex digits");

    // A new kind without its credentials: the server's issue (gateway.credentials) lands on the credential field.
    await chooseKind(page, "BlueBubbles");
    await card.getByLabel("URL", { exact: true }).fill("https://bluebubbles.example.com");
    await card.getByRole("button", { name: "Save gateway" }).click();
    await expect(card.locator("#gateway-credential-error")).toContainText("needs its credentials");

    const saved = await (await request.get(`/api/v1/instances/${instance.id}`, { headers: auth(demo.apiKey) })).json();
    expect(saved.gateway).toMatchObject({ kind: "webhook", url: fakeUrl(fake), hasCredentials: true });
  } finally {
    await fake.stop();
    await request.delete(`/api/v1/instances/${instance.id}?force=true`, { headers: auth(demo.apiKey) });
  }
});

test("an agent reads the gateway card only, and a replayed save-gateway action is refused", async ({ browser, login, demo, request }) => {
  const instance = await throwawayInstance(request, demo.apiKey, "Gateway roles");
  try {
    const adminPage = await (await browser.newContext()).newPage();
    await login("admin", { context: adminPage.context() });
    await adminPage.goto(`/${demo.acmeId}/instances/${instance.id}`);
    await chooseKind(adminPage, "Our webhook");
    await adminPage.getByLabel("URL", { exact: true }).fill("https://gateway-one.example.com/send");
    const sent = nextAction(adminPage, instance.id);
    await adminPage.getByRole("button", { name: "Save gateway" }).click();
    const captured = replayable(await sent);
    await expect(adminPage.getByText("Gateway saved")).toBeVisible();
    expect(captured.body).toContain(instance.id);

    const page = await (await browser.newContext()).newPage();
    await login("agent", { context: page.context() });
    await page.goto(`/${demo.acmeId}/instances/${instance.id}`);
    const card = page.getByTestId("gateway-card");
    await expect(card.getByText("Read-only: location admins connect gateways.")).toBeVisible();
    await expect(card).toContainText("https://gateway-one.example.com/send");
    await expect(card.getByRole("button")).toHaveCount(0);
    // The inbound URL carries the gateway's token: admins only.
    await expect(page.getByText("/api/v1/gateways/")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save pacing" })).toHaveCount(0);

    const replay = await page.request.post(captured.url, {
      headers: captured.headers,
      data: captured.body.replace("https://gateway-one.example.com/send", "https://attacker.example.com/send"),
    });
    expect(await replay.text()).toContain("Your role (agent) cannot do this");
    const after = await (await request.get(`/api/v1/instances/${instance.id}`, { headers: auth(demo.apiKey) })).json();
    expect(after.gateway.url).toBe("https://gateway-one.example.com/send");
  } finally {
    await request.delete(`/api/v1/instances/${instance.id}?force=true`, { headers: auth(demo.apiKey) });
  }
});

test("a contact's thread shows what it wrote and what we sent, live; an agent unpins its binding and support cannot", async ({
  browser,
  login,
  demo,
  request,
  db,
}) => {
  const phone = `+1555770${String(Date.now()).slice(-4)}`;
  const sent = await request.post("/api/v1/messages", {
    headers: auth(demo.apiKey),
    data: { channel: "whatsapp", phone, body: "Your order has shipped" },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const message = (await sent.json()) as { id: string; contactId: string; instance: { id: string; index: number } };
  const inbound = (body: string) =>
    request.post("/api/v1/inbound", {
      headers: auth(demo.apiKey),
      data: { channel: "whatsapp", to: message.instance.id, from: phone, body },
    });
  try {
    expect((await inbound("Where is it now?")).status()).toBe(201);

    const page = await (await browser.newContext()).newPage();
    await login("agent", { context: page.context() });
    await page.goto(`/${demo.acmeId}/contacts/${message.contactId}`);
    const items = page.getByTestId("thread-item");
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toHaveAttribute("data-direction", "inbound");
    await expect(items.nth(0)).toContainText("Where is it now?");
    await expect(items.nth(0)).toContainText("Received");
    await expect(items.nth(0)).toContainText(`WA#${message.instance.index}`);
    await expect(items.nth(1)).toHaveAttribute("data-direction", "outbound");
    await expect(items.nth(1)).toContainText("Your order has shipped");
    await expect(items.nth(1).locator("[data-status]")).toHaveAttribute("data-status", "sent");
    await expect(items.nth(1)).toContainText(`WA#${message.instance.index}`);

    // A new inbound message appears without a reload (message.inbound on the live stream).
    await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
    expect((await inbound("Hello again")).status()).toBe(201);
    await expect(items).toHaveCount(3);
    await expect(items.nth(0)).toContainText("Hello again");

    const binding = page.getByTestId("binding");
    await expect(binding).toHaveCount(1);
    await expect(binding).toContainText(`WA#${message.instance.index}`);
    await expect(binding).toContainText("inbound");
    const unpinRequest = nextAction(page, message.contactId);
    await page.getByRole("button", { name: "Unpin WhatsApp" }).click();
    const captured = replayable(await unpinRequest);
    await expect(page.getByText("Conversation unpinned")).toBeVisible();
    await expect(page.getByText("No conversation is pinned to a number.")).toBeVisible();
    const contact = await (await request.get(`/api/v1/contacts/${message.contactId}`, { headers: auth(demo.apiKey) })).json();
    expect(contact.bindings).toEqual([]);

    // Support: no button, and the same action replayed is refused (the binding stays).
    expect((await inbound("Bound again")).status()).toBe(201);
    const support = await (await browser.newContext()).newPage();
    await login("support", { context: support.context() });
    await support.goto(`/${demo.acmeId}/contacts/${message.contactId}`);
    await expect(support.getByTestId("binding")).toHaveCount(1);
    await expect(support.getByRole("button", { name: /^Unpin/ })).toHaveCount(0);
    const replay = await support.request.post(captured.url, { headers: captured.headers, data: captured.body });
    expect(await replay.text()).toContain("Your role (support) cannot do this");
    expect(await db.conversationBinding.count({ where: { contactId: message.contactId } })).toBe(1);
  } finally {
    await db.contact.delete({ where: { id: message.contactId } }).catch(() => undefined);
  }
});

test("a message's page shows its delivery timeline, and a delivery report moves it live", async ({ page, login, demo, request, db }) => {
  const phone = `+1555780${String(Date.now()).slice(-4)}`;
  const sent = await request.post("/api/v1/messages", { headers: auth(demo.apiKey), data: { channel: "sms", phone, body: "Code 4711" } });
  expect(sent.status(), await sent.text()).toBe(201);
  const message = (await sent.json()) as { id: string; contactId: string };
  try {
    await login("support");
    await page.goto(`/${demo.acmeId}/messages/${message.id}`);
    const entries = page.getByTestId("timeline-entry");
    await expect(entries).toHaveCount(1);
    await expect(entries.nth(0)).toContainText("Sent");
    await expect(entries.nth(0)).toContainText("routing");
    await expect(entries.nth(0)).toContainText("Record-only number");
    // The stream is open before the report, so the change can only arrive live.
    await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

    const report = await request.post(`/api/v1/messages/${message.id}/delivery`, {
      headers: auth(demo.apiKey),
      data: { status: "delivered" },
    });
    expect(report.status(), await report.text()).toBe(200);
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(1)).toContainText("Delivered");
    await expect(entries.nth(1)).toContainText("API report");
    // The header's badge moved too: the timeline's entry and the header's.
    await expect(page.locator('[data-status="delivered"]')).toHaveCount(2);

    // The message list shows the status as a badge too.
    await page.goto(`/${demo.acmeId}/messages?contactId=${message.contactId}`);
    await expect(page.getByTestId("message-row").first().locator("[data-status]").last()).toHaveText("Delivered");
  } finally {
    await db.contact.delete({ where: { id: message.contactId } }).catch(() => undefined);
  }
});
