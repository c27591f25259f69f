import { DEMO_LOGINS } from "@/lib/seed/demo";
import { expect, test } from "../fixtures";

for (const login of DEMO_LOGINS) {
  test(`${login.role} signs in and sees the location's name`, async ({ page, login: signIn }) => {
    await signIn(login.role);
    await expect(page.getByText("Acme Store").first()).toBeVisible();
  });
}

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@demo.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown email is refused the same way", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@demo.example");
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
});

test("pages need a session: an anonymous visit goes to the login page", async ({ page, demo }) => {
  await page.goto(`/${demo.acmeId}/instances`);
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failures for one account are answered 429, then the block expires", async ({ request }) => {
  const email = `throttle-${Date.now()}@demo.example`;
  const csrf = async () => ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const attempt = async () =>
    request.post("/api/auth/callback/credentials", {
      form: { email, password: "wrong-password", csrfToken: await csrf(), json: "true" },
      headers: { "x-forwarded-for": `10.9.${Math.floor(Math.random() * 200)}.1` },
      maxRedirects: 0,
    });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await attempt()).status());
  expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
  expect(statuses[5]).toBe(429);
  // The first block lasts about a second; the account is not locked out for good.
  await new Promise((r) => setTimeout(r, 1500));
  expect((await attempt()).status()).not.toBe(429);
});
