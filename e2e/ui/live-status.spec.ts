import { expect, test } from "../support/fixtures";

// A status change reported to the API reaches an open Instances page without a reload.
test("a status change POSTed to the API appears on an open Instances page without reload", async ({ page, login, demo, request }) => {
  const auth = { Authorization: `Bearer ${demo.apiKey}` };
  const phone = `+1555740${String(Date.now()).slice(-4)}`;
  const created = await request.post("/api/v1/instances", { headers: auth, data: { channel: "sms", phone, label: "Live e2e" } });
  expect(created.status()).toBe(201);
  const instance = (await created.json()) as { id: string; index: number };
  try {
    await login("support");
    await page.goto(`/${demo.acmeId}/instances`);
    await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
    const row = page.getByTestId(`instance-SMS#${instance.index}`);
    await expect(row).toContainText("QR pending");
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });

    const report = await request.post(`/api/v1/instances/${instance.id}/status`, { headers: auth, data: { status: "connecting" } });
    expect(report.status()).toBe(200);
    await expect(row).toContainText("Connecting", { timeout: 3000 });
    await request.post(`/api/v1/instances/${instance.id}/status`, { headers: auth, data: { status: "connected" } });
    await expect(row).toContainText("Connected", { timeout: 3000 });
    await request.post(`/api/v1/instances/${instance.id}/status`, {
      headers: auth,
      data: { status: "disconnected", reason: "logged_out" },
    });
    await expect(row).toContainText("Disconnected (logged out)", { timeout: 3000 });
    expect(navigations).toBe(0);
  } finally {
    await request.delete(`/api/v1/instances/${instance.id}?force=true`, { headers: auth });
  }
});
