import { DEMO_LOGINS } from "@/lib/seed/demo";
import { createUser } from "@/lib/seed/factories";
import { expect, loginWithForm, test } from "../support/fixtures";

// The real login form: the one place the suite signs in as a person does (the other specs start
// with a session cookie, e2e/support/sign-in.ts).
for (const login of DEMO_LOGINS) {
  test(`${login.role} signs in and sees the location's name`, async ({ page }) => {
    await loginWithForm(page, login.email, login.password);
    await expect(page).not.toHaveURL(/\/login/);
    await expect(page.getByText("Acme Store").first()).toBeVisible();
  });
}

test("a wrong password is refused with a clear message", async ({ page }) => {
  await loginWithForm(page, "admin@demo.example", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown email is refused the same way", async ({ page }) => {
  await loginWithForm(page, "nobody@demo.example", "whatever-password");
  await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
});

test("pages need a session: an anonymous visit goes to the login page", async ({ page, demo }) => {
  await page.goto(`/${demo.acmeId}/instances`);
  await expect(page).toHaveURL(/\/login/);
});

test("too many failures: the form says how long to wait, even for the right password", async ({ page, db, demo }) => {
  test.slow(); // five password compares at today's cost, on a shared machine
  // An account of its own: blocking a demo login would disturb the tests running beside this one.
  const email = `throttle-${Date.now()}@test.example`;
  await createUser(db, { email, name: "Throttled", password: "right-password-123", locationId: demo.acmeId, role: "agent" });
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  const submit = async (password: string) => {
    await page.getByLabel("Password").fill(password);
    const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await page.getByRole("button", { name: /sign in/i }).click();
    await answered;
  };
  for (let i = 0; i < 5; i++) await submit(`wrong-password-${i}`);
  await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
  await submit("right-password-123");
  await expect(page.getByRole("alert").filter({ hasText: /too many attempts.*try again in \d+ s/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
