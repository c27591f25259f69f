import { createContact } from "@/lib/seed/factories";
import { expect, test } from "../support/fixtures";

// Agent journey: tag one contact "wa: …", assign another to a user, then the dry run shows
// contact_tag / user_assignment.
test("agent tags a contact and assigns another; the dry run shows contact_tag and user_assignment", async ({ page, login, demo, db }) => {
  const stamp = String(Date.now()).slice(-6);
  const tagged = await createContact(db, { locationId: demo.acmeId, phone: `+1555710${stamp.slice(-4)}`, name: `Tagme ${stamp}` });
  const assigned = await createContact(db, { locationId: demo.acmeId, phone: `+1555720${stamp.slice(-4)}`, name: `Assignme ${stamp}` });
  try {
    await login("agent");
    await page.goto(`/${demo.acmeId}/contacts?q=${encodeURIComponent(tagged.phone)}`);
    await page.getByRole("button", { name: `Tagme ${stamp}` }).click();
    const sheet = page.getByRole("dialog");
    await sheet.getByLabel("Tags", { exact: true }).fill("wa: +1 555 245 5464");
    await expect(sheet.getByText("Matches #3 Billing")).toBeVisible();
    await sheet.getByLabel("Tags", { exact: true }).press("Enter");
    await sheet.getByRole("button", { name: "Save contact" }).click();
    await expect(page.getByText("Contact saved")).toBeVisible();
    await expect(sheet.getByTestId("contact-routes")).toContainText("WA#3 Billing");
    await page.keyboard.press("Escape");

    await page.goto(`/${demo.acmeId}/contacts?q=${encodeURIComponent(assigned.phone)}`);
    await page.getByRole("button", { name: `Assignme ${stamp}` }).click();
    await page.getByRole("dialog").getByLabel("Assigned user").click();
    await page.getByRole("option", { name: "Order Management" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Save contact" }).click();
    await expect(page.getByText("Contact saved")).toBeVisible();

    await page.goto(`/${demo.acmeId}/routing?channel=whatsapp&contactId=${tagged.id}&body=${encodeURIComponent("Your invoice")}`);
    await expect(page.getByTestId("decided-rule")).toHaveAttribute("data-rule", "contact_tag");
    await expect(page.getByTestId("chosen-instance")).toHaveText(/WA#3 Billing/);

    await page.goto(`/${demo.acmeId}/routing?channel=whatsapp&contactId=${assigned.id}&body=${encodeURIComponent("Your order")}`);
    await expect(page.getByTestId("decided-rule")).toHaveAttribute("data-rule", "user_assignment");
    await expect(page.getByTestId("chosen-instance")).toHaveText(/WA#1 Orders/);
  } finally {
    await db.contact.deleteMany({ where: { id: { in: [tagged.id, assigned.id] } } });
  }
});

test("agent bulk-tags a selection of contacts", async ({ page, login, demo, db }) => {
  const stamp = String(Date.now()).slice(-4);
  const rows = await Promise.all(
    [0, 1].map((i) =>
      createContact(db, { locationId: demo.acmeId, phone: `+155573${i}${stamp}00`.slice(0, 12), name: `Bulk ${stamp} ${i}` }),
    ),
  );
  try {
    await login("agent");
    await page.goto(`/${demo.acmeId}/contacts?q=${encodeURIComponent(`Bulk ${stamp}`)}`);
    await page.getByRole("checkbox", { name: "Select all shown contacts" }).click();
    await page.getByLabel("Tag to add to selected contacts").fill(`campaign-${stamp}`);
    await page.getByRole("button", { name: "Add tag" }).click();
    await expect(page.getByText("Tagged 2 contacts")).toBeVisible();
    expect(await db.contactTag.count({ where: { value: `campaign-${stamp}` } })).toBe(2);
  } finally {
    await db.contact.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  }
});
