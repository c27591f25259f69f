import { mkdirSync } from "node:fs";
import { expect, test } from "../fixtures";

// Every page at desktop (1280×800) and mobile (390×844) width, saved to e2e/screenshots/ for review.
const SIZES = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } } as const;
mkdirSync("e2e/screenshots", { recursive: true });

for (const [size, viewport] of Object.entries(SIZES)) {
  test(`screenshots of every page (${size})`, async ({ page, login, demo, db }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(viewport);
    await page.goto("/login");
    await page.screenshot({ path: `e2e/screenshots/login-${size}.png`, fullPage: true });
    await login("admin");
    const instance = await db.instance.findFirstOrThrow({ where: { locationId: demo.acmeId, channel: "whatsapp", index: 4 } });
    const failed = await db.message.findFirstOrThrow({ where: { locationId: demo.acmeId, status: "failed" }, orderBy: { createdAt: "desc" } });
    const billing = await db.instance.findFirstOrThrow({ where: { locationId: demo.acmeId, channel: "whatsapp", index: 2 } });
    const pages: [string, string][] = [
      ["overview", "overview"],
      ["instances", "instances"],
      ["instance-detail", `instances/${instance.id}`],
      ["contacts", "contacts"],
      ["team", "team"],
      ["routing", `routing?channel=whatsapp&body=${encodeURIComponent("Hi! Your invoice is ready {{ WA#3 }} {IM#1}")}`],
      ["routing-what-if", `routing?channel=whatsapp&body=${encodeURIComponent("Thanks for reaching out")}&down=${billing.id}`],
      ["messages", "messages"],
      ["message-detail", `messages/${failed.id}`],
      ["doctor", "doctor"],
      ["settings", "settings"],
    ];
    for (const [name, path] of pages) {
      await page.goto(`/${demo.acmeId}/${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      if (name === "message-detail") {
        await page.getByRole("button", { name: "Replay with today's configuration" }).click();
        await expect(page.getByTestId("replay-differences")).toBeVisible();
      }
      await page.waitForTimeout(700); // charts animate in
      await page.screenshot({ path: `e2e/screenshots/${name}-${size}.png`, fullPage: true });
    }
  });
}
