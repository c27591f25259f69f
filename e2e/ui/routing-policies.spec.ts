import { expect, test } from "../support/fixtures";

// Settings → Routing policies (SPEC §3, §4; issue 11's settings): an admin of a fresh location turns
// the conversation rule on, picks a failover policy and a send window; a bad time zone is refused
// by the server's own schema next to its field and nothing is saved; the API then reads what was saved.
test("an admin sets the routing policies; a bad time zone is refused on its field", async ({ page, tenant }) => {
  const t = await tenant();
  await t.signInAdmin(page.context());
  await page.goto(`/${t.id}/settings`);
  const card = page.getByRole("form", { name: "Routing policies" });
  await expect(card).toBeVisible();

  await card.getByLabel("Sticky sender (conversation rule)").click();
  await card.getByLabel("A conversation counts for (days)").fill("14");
  await card.getByLabel("When a rule's number cannot send").click();
  await page.getByRole("option", { name: /^Next rule/ }).click();
  await card.getByLabel("Send window").click();
  await card.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await card.getByRole("button", { name: "Save policies" }).click();
  await expect(card.locator("#policies-timezone-error")).toHaveText("Must be an IANA time zone such as America/New_York");
  expect((await (await t.api.get("/settings")).json()).stickySender).toBe(false);

  await card.getByLabel("Time zone").fill("Europe/Paris");
  await card.getByLabel("Alert e-mails").fill("ops@example.com, owner@example.com");
  await card.getByRole("button", { name: "Save policies" }).click();
  // Sticky sender and failover change which number sends: their impact is shown before they are saved.
  const dialog = page.getByRole("alertdialog", { name: "Save these routing changes?" });
  await expect(dialog).toContainText("New sticky sender: on; failover: Next rule.");
  await expect(dialog.getByTestId("impact-summary")).toHaveText("0 of 0 messages, 0 contacts, would use another number; 0 new errors");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Routing policies saved")).toBeVisible();
  expect(await (await t.api.get("/settings")).json()).toMatchObject({
    stickySender: true,
    stickyDays: 14,
    failover: "next_rule",
    geomatch: "off",
    sendWindow: { timezone: "Europe/Paris", days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" },
    alertEmails: ["ops@example.com", "owner@example.com"],
  });
});
