import { test as base, expect, type Page } from "@playwright/test";
import { createPrismaClient } from "@/lib/db/create-client";
import { DEMO_LOGINS } from "@/lib/seed/demo";
import { E2E_API_KEY, E2E_DATABASE_URL } from "../playwright.config";

export type DemoRole = (typeof DEMO_LOGINS)[number]["role"];

type Fixtures = {
  /** Signs in through the real login form as the demo user of `role`. */
  login: (role: DemoRole) => Promise<void>;
  /** Direct access to the e2e database, for factories that create what a test needs. */
  db: ReturnType<typeof createPrismaClient>;
  /** Ids of the two demo locations. */
  demo: { acmeId: string; agencyId: string; apiKey: string };
};

export const test = base.extend<Fixtures>({
  login: async ({ page }, use) => {
    await use((role) => loginAs(page, role));
  },
  db: async ({}, use) => {
    const db = createPrismaClient(E2E_DATABASE_URL);
    await use(db);
    await db.$disconnect();
  },
  demo: async ({ db }, use) => {
    const acme = await db.location.findFirstOrThrow({ where: { name: "Acme Store" }, select: { id: true } });
    const agency = await db.location.findFirstOrThrow({ where: { name: "Northwind Agency" }, select: { id: true } });
    await use({ acmeId: acme.id, agencyId: agency.id, apiKey: E2E_API_KEY });
  },
});

export async function loginAs(page: Page, role: DemoRole) {
  const user = DEMO_LOGINS.find((l) => l.role === role)!;
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export { expect };
