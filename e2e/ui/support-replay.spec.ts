import { expect, test } from "../support/fixtures";

// Support journey: open a failed message, read why (error code, explanation, trace), replay it.
test("support opens a failed message, reads the error code and trace, and replays it", async ({ page, login, demo }) => {
  await login("support");
  await page.goto(`/${demo.acmeId}/messages?status=failed`);
  const first = page.getByTestId("message-row").first();
  await expect(first).toHaveAttribute("data-status", "failed");
  await first.getByRole("link", { name: /open message/i }).click();
  await page.waitForURL(/\/messages\/[^/?]+$/);

  const stored = page.getByTestId("stored-decision");
  await expect(stored.getByTestId("decision-error")).toContainText(/Error 10[1-6]/);
  await expect(stored.getByTestId("decision-error")).toContainText(/Fix:/);
  const ladder = stored.getByRole("list", { name: "Rule ladder" });
  await expect(ladder.getByRole("listitem")).toHaveCount(6);
  await expect(ladder.locator('[data-outcome="failed"]')).toHaveCount(1);

  await page.getByRole("button", { name: "Replay with today's configuration" }).click();
  await expect(page.getByTestId("replay-differences")).toBeVisible();
  await expect(page.getByTestId("replay-decision").getByRole("list", { name: "Rule ladder" }).getByRole("listitem")).toHaveCount(6);
});
