import { expect, POOL, test } from "../support/fixtures";

// The alert bell (SPEC §4): a gateway reports a ban while an admin looks at another page; the bell
// counts it within seconds, without a reload; the list shows it and the admin acknowledges it. The
// page's "Alert settings" link (admins only) leads to who gets them by e-mail.
test("the bell shows a ban without reload; the admin acknowledges it on the list", async ({ page, tenant }) => {
  const t = await tenant({ instances: POOL });
  await t.signInAdmin(page.context());
  await page.goto(`/${t.id}/contacts`);
  const bell = page.getByTestId("alert-bell");
  await expect(bell).toHaveAccessibleName("Alerts: none open");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();

  const reported = await t.api.post(`/instances/${t.instances["whatsapp#3"]}/status`, { status: "disconnected", reason: "banned" });
  expect(reported.status()).toBe(200);
  await expect(page.getByTestId("alert-count")).toHaveText("1", { timeout: 5_000 });
  await expect(bell).toHaveAccessibleName("Alerts: 1 open");
  expect(page.url()).toContain("/contacts");

  await bell.click();
  await expect(page).toHaveURL(new RegExp(`/${t.id}/alerts$`));
  const alert = page.getByTestId("alert");
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText("Number banned");
  await expect(alert).toContainText(/WA #3 Billing .* is banned/);
  await alert.getByRole("button", { name: "Acknowledge Number banned" }).click();
  await expect(alert).toContainText("acknowledged by");
  await expect(page.getByTestId("alert-count")).toHaveCount(0);
  await expect(bell).toHaveAccessibleName("Alerts: none open");

  // Who gets alerts by e-mail is a setting: the header leads an admin to it.
  await page.getByRole("link", { name: "Alert settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/${t.id}/settings#alerts$`));
  await expect(page.getByLabel("Alert e-mails")).toBeInViewport();
});

test("an agent reads the alerts but is offered no way to their settings", async ({ page, login, demo }) => {
  await login("agent");
  await page.goto(`/${demo.acmeId}/alerts`);
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Alert settings" })).toHaveCount(0);
});
