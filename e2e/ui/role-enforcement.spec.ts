import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { nextAction, replayable } from "../support/server-actions";

// The server refuses admin actions to agents and support staff — not only the hidden button.
// How the action is called directly: the admin's browser performs a real "delete instance"
// server action, and we record that exact HTTP request (POST to the page with the
// `Next-Action` id header and the serialized arguments). Then, signed in as agent or support,
// we send the same request ourselves with another instance's id. Nothing in the browser UI is
// involved, so this is exactly what a hand-crafted call would do.
type Captured = { url: string; headers: Record<string, string>; body: string; instanceId: string };

async function createThrowaway(request: APIRequestContext, apiKey: string, label: string) {
  const phone = `+1555750${String(Date.now() + Math.floor(Math.random() * 1000)).slice(-4)}`;
  const res = await request.post("/api/v1/instances", {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { channel: "sms", phone, label },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; index: number };
}

/** `page`: signed in as an admin. */
async function captureAdminDelete(page: Page, locationId: string, instance: { id: string; index: number }): Promise<Captured> {
  await page.goto(`/${locationId}/instances`);
  await page.getByRole("button", { name: new RegExp(`Actions for SMS#${instance.index} `) }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  // The confirmation first previews the deletion's impact (another server action): record after it.
  await expect(page.getByTestId("impact-summary")).toBeVisible();
  const requestPromise = nextAction(page, instance.id);
  await page.getByRole("button", { name: "Delete instance" }).click();
  const req = await requestPromise;
  await expect(page.getByText(/Deleted SMS#/)).toBeVisible();
  return { ...replayable(req), instanceId: instance.id };
}

for (const role of ["agent", "support"] as const) {
  test(`${role}: admin controls are not offered, and a direct call to the delete action is refused`, async ({
    browser,
    request,
    demo,
    login,
  }) => {
    const adminPage = await (await browser.newContext()).newPage();
    await login("admin", { context: adminPage.context() });
    const first = await createThrowaway(request, demo.apiKey, `Role e2e A ${role}`);
    const captured = await captureAdminDelete(adminPage, demo.acmeId, first);
    expect(captured.body).toContain(first.id);

    const target = await createThrowaway(request, demo.apiKey, `Role e2e B ${role}`);
    const page = await (await browser.newContext()).newPage();
    try {
      await login(role, { context: page.context() });
      await page.goto(`/${demo.acmeId}/instances`);
      await expect(page.getByTestId(`instance-SMS#${target.index}`)).toBeVisible();
      await expect(page.getByRole("button", { name: /Add instance/ })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Make .* the default$/ })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);

      const res = await page.request.post(captured.url, { headers: captured.headers, data: captured.body.replaceAll(first.id, target.id) });
      const text = await res.text();
      expect(text).toContain(`Your role (${role}) cannot do this`);
      const still = await request.get(`/api/v1/instances/${target.id}`, { headers: { Authorization: `Bearer ${demo.apiKey}` } });
      expect(still.status()).toBe(200);
    } finally {
      await request.delete(`/api/v1/instances/${target.id}?force=true`, { headers: { Authorization: `Bearer ${demo.apiKey}` } });
    }
  });
}

test("support is offered no contact editor and no bulk actions", async ({ page, login, demo }) => {
  await login("support");
  await page.goto(`/${demo.acmeId}/contacts`);
  await expect(page.getByRole("checkbox", { name: "Select all shown contacts" })).toHaveCount(0);
  await page.getByTestId("contact-row").first().getByRole("button").first().click();
  await expect(page.getByRole("dialog").getByText("Your role can read contacts")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save contact" })).toHaveCount(0);
});
