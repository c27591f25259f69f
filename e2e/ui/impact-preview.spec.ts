import { expect, POOL, test } from "../support/fixtures";

// Issue 11, "Impact preview" (SPEC §4): before a new default is saved, the admin sees what it would
// have done to the last 7 days — the same numbers POST /route/impact gives for the same change.
// Cancel changes nothing; Confirm moves the star.
test("an admin marking a new default sees the impact preview and confirms", async ({ page, db, tenant }) => {
  const t = await tenant({ instances: POOL });
  // Three WhatsApp messages to two contacts go from the default, WA#2; one SMS is not concerned.
  for (const [channel, phone] of [
    ["whatsapp", "+15550190001"],
    ["whatsapp", "+15550190002"],
    ["whatsapp", "+15550190001"],
    ["sms", "+15550190003"],
  ]) {
    expect((await t.api.post("/messages", { channel, phone, body: "Your order has shipped" })).status()).toBe(201);
  }
  const wa2 = t.instances["whatsapp#2"];
  const wa3 = t.instances["whatsapp#3"];
  const api = await (await t.api.post("/route/impact", { days: 7, change: { defaults: { whatsapp: wa3 } } })).json();
  // By hand: all three WhatsApp messages (two contacts) would move from WA#2 to WA#3, out of four.
  expect(api).toMatchObject({ replayed: 4, changed: [{ from: { id: wa2 }, to: { id: wa3 }, messages: 3, contacts: 2 }], newErrors: {} });

  await t.signInAdmin(page.context());
  await page.goto(`/${t.id}/instances`);
  const star = page.getByRole("button", { name: "Make WA#3 Billing the default" });

  await star.click();
  let dialog = page.getByRole("alertdialog", { name: "Make WA#3 Billing the default?" });
  await expect(dialog.getByTestId("impact-summary")).toHaveText(
    `${api.changed[0].messages} of ${api.replayed} messages, ${api.changed[0].contacts} contacts, would use another number; 0 new errors`,
  );
  const rows = dialog.getByTestId("impact-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveText("WA#2 Support+1 555 010 0002WA#3 Billing+1 555 010 00033 messages2 contacts");

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("WA#2 is the default")).toBeAttached();
  expect((await db.instance.findFirstOrThrow({ where: { locationId: t.id, channel: "whatsapp", isDefault: true } })).id).toBe(wa2);

  await star.click();
  dialog = page.getByRole("alertdialog", { name: "Make WA#3 Billing the default?" });
  await expect(dialog.getByTestId("impact-summary")).toContainText("3 of 4 messages");
  await dialog.getByRole("button", { name: "Make default" }).click();
  await expect(page.getByText("WA#3 Billing is now the default")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("WA#3 is the default")).toBeAttached();
  await expect(page.getByRole("button", { name: "Make WA#2 Support the default" })).toBeVisible();
  expect((await db.instance.findFirstOrThrow({ where: { locationId: t.id, channel: "whatsapp", isDefault: true } })).id).toBe(wa3);
});
