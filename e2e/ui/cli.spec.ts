import { execFileSync } from "node:child_process";
import { E2E_DATABASE_URL } from "../../playwright.config";
import { expect, test } from "../fixtures";

// The operator CLI works on the live database while the app runs, and its users can sign in.
function cli(...args: string[]) {
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  return JSON.parse(out) as Record<string, string>;
}

test("location create + user add make a user who can sign in, and the API key works", async ({ page, request }) => {
  const name = `CLI Location ${Date.now()}`;
  const { locationId, apiKey } = cli("location", "create", "--name", name, "--country", "US");
  expect(locationId).toBeTruthy();
  expect(apiKey).toMatch(/^nr_/);
  const email = `cli-${Date.now()}@demo.example`;
  const { userId } = cli("user", "add", "--location", locationId, "--email", email, "--name", "Cli Admin", "--role", "admin", "--password", "cli-pass-123");
  expect(userId).toBeTruthy();

  const settings = await request.get("/api/v1/settings", { headers: { Authorization: `Bearer ${apiKey}` } });
  expect(settings.status()).toBe(200);

  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("cli-pass-123");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(new RegExp(`/${locationId}/`));
  await expect(page.getByText(name).first()).toBeVisible();
});

test("bad arguments exit non-zero with a JSON error", async () => {
  let status = 0;
  let stderr = "";
  try {
    cli("user", "add", "--location", "x", "--email", "not-an-email", "--name", "N", "--role", "boss");
  } catch (error) {
    status = (error as { status: number }).status;
    stderr = String((error as { stderr: string }).stderr);
  }
  expect(status).toBe(2);
  expect(JSON.parse(stderr.split("\n")[0]).error).toMatch(/--email/);
});
