import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";

// Admin journey: mark a new default on the Instances page and watch the routing panel's answer change.
test("admin marks a new default and the routing panel's answer changes", async ({ page, login, demo, db }) => {
  await login("admin");
  const dryRun = `/${demo.acmeId}/routing?channel=sms&body=${encodeURIComponent("Your code is 4242")}`;
  await page.goto(dryRun);
  await expect(page.getByTestId("chosen-instance").first()).toHaveText(/SMS#1 SMS main/);
  await expect(page.getByTestId("decided-rule").first()).toHaveAttribute("data-rule", "default_instance");

  await page.goto(`/${demo.acmeId}/instances`);
  await makeDefault(page, "SMS#2 SMS backup");

  try {
    await page.goto(dryRun);
    await expect(page.getByTestId("chosen-instance").first()).toHaveText(/SMS#2 SMS backup/);
    await expect(page.getByTestId("decided-rule").first()).toHaveAttribute("data-rule", "default_instance");
    // The ladder explains it: step 5 matched, naming the new default.
    await expect(page.locator('[data-rule="default_instance"][data-outcome="matched"]')).toContainText("SMS backup");
  } finally {
    // Put the seed's default back for the other tests.
    await page.goto(`/${demo.acmeId}/instances`);
    await makeDefault(page, "SMS#1 SMS main");
  }
  const defaults = await db.instance.findMany({ where: { locationId: demo.acmeId, channel: "sms", isDefault: true } });
  expect(defaults.map((d) => d.index)).toEqual([1]);
});

test("the routing panel's what-if switches change the decision without saving", async ({ page, login, demo, db }) => {
  await login("support");
  const main = await db.instance.findFirstOrThrow({ where: { locationId: demo.acmeId, channel: "whatsapp", index: 2 } });
  await page.goto(`/${demo.acmeId}/routing?channel=whatsapp&body=${encodeURIComponent("Thanks for reaching out")}&down=${main.id}`);
  await expect(page.getByTestId("what-if-callout")).toContainText("With the what-if");
  await expect(page.getByTestId("dry-run-decision").locator('[data-rule="default_instance"]')).toHaveAttribute("data-outcome", "skipped");
  await expect(page.getByTestId("dry-run-actual").getByTestId("chosen-instance")).toHaveText(/WA#2 Support/);
});

/** The star, then the impact preview's confirmation (e2e/ui/impact-preview.spec.ts checks its numbers). */
async function makeDefault(page: Page, name: string) {
  await page.getByRole("button", { name: `Make ${name} the default` }).click();
  await page
    .getByRole("alertdialog", { name: `Make ${name} the default?` })
    .getByRole("button", { name: "Make default" })
    .click();
  await expect(page.getByText(`${name} is now the default`)).toBeVisible();
}
