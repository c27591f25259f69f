import { expect, POOL, test } from "../support/fixtures";

// One instance's page (SPEC §4): its status history grows as the gateway reports, without a reload,
// and an admin gives the number its own pacing, whose limits the headroom then counts against.
test("an admin watches a number's status history live and gives it its own pacing", async ({ page, tenant }) => {
  const t = await tenant({ instances: POOL });
  const id = t.instances["whatsapp#2"];
  await t.signInAdmin(page.context());
  await page.goto(`/${t.id}/instances/${id}`);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();

  const history = page.getByRole("list", { name: "Status changes" });
  const before = await history.getByRole("listitem").count();
  const reported = await t.api.post(`/instances/${id}/status`, { status: "disconnected", reason: "logged_out" });
  expect(reported.status()).toBe(200);
  await expect(history.getByRole("listitem")).toHaveCount(before + 1, { timeout: 5_000 });
  const newest = history.getByRole("listitem").first();
  await expect(newest).toContainText("Connected");
  await expect(newest).toContainText(/Disconnected.*logged out/i);
  await expect(newest).toContainText("gateway"); // who reported it: the gateway, through the API

  const pacing = page.getByTestId("pacing-card");
  await expect(pacing.getByText("Location's", { exact: true })).toBeVisible();
  await pacing.getByLabel("Its own pacing (off: the location's defaults)").click();
  await pacing.getByLabel("Per hour").fill("5");
  await pacing.getByLabel("New contacts per day").fill("3");
  await pacing.getByRole("button", { name: "Save pacing" }).click();
  await expect(page.getByText("Pacing saved")).toBeVisible();
  await expect(pacing.getByText("Its own", { exact: true })).toBeVisible();
  const headroom = pacing.getByTestId("headroom");
  await expect(headroom.getByLabel("Sent this hour: 0 of 5")).toBeVisible();
  await expect(headroom.getByLabel("New contacts today: 0 of 3")).toBeVisible();

  const saved = await (await t.api.get(`/instances/${id}`)).json();
  expect(saved.pacing).toMatchObject({ hourlyLimit: 5, newContactsPerDay: 3 });
});
