// `npm run screenshots` (after `npm run build`): the README's screenshots in public/readme/, and
// every dashboard page in e2e/screenshots/ for review, at desktop and mobile widths. It starts the
// production server on a fresh database seeded with the demo data (the scale suite's cluster
// harness, one process) and drives Debian's Chromium. Not part of `npm test`: run it when the
// dashboard's look changed, and commit the README's images.
import { mkdirSync } from "node:fs";
import { chromium, type Page } from "@playwright/test";
import { startCluster } from "@/e2e/scale/cluster";
import { CHROMIUM, VIEWPORTS } from "@/e2e/support/constants";
import { addSessionCookies, signInOverHttp } from "@/e2e/support/sign-in";
import { createPrismaClient } from "@/lib/db/create-client";
import { DEMO_LOGINS } from "@/lib/seed/demo";

const README_DIR = "public/readme";
const REVIEW_DIR = "e2e/screenshots";

const cluster = await startCluster({ db: "sqlite", processes: 1, seed: true, name: "screenshots" });
const db = createPrismaClient(cluster.databaseUrl);
const browser = await chromium.launch(CHROMIUM);
try {
  const baseURL = cluster.urls[0];
  const admin = DEMO_LOGINS.find((l) => l.role === "admin")!;
  const session = await signInOverHttp(baseURL, admin.email, admin.password);
  const pages = await dashboardPages();
  mkdirSync(README_DIR, { recursive: true });
  mkdirSync(REVIEW_DIR, { recursive: true });
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ baseURL, viewport });
    const page = await context.newPage();
    await page.goto("/login");
    await shoot(page, "login", size);
    await addSessionCookies(context, baseURL, session);
    for (const { name, path, readme } of pages) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).waitFor();
      if (name === "message-detail") {
        await page.getByRole("button", { name: "Replay with today's configuration" }).click();
        await page.getByTestId("replay-differences").waitFor();
      }
      await page.waitForTimeout(700); // charts animate in
      await shoot(page, name, size, readme);
    }
    await context.close();
  }
  console.log(`Screenshots: ${README_DIR}/ (README) and ${REVIEW_DIR}/ (every page).`);
} finally {
  await browser.close();
  await db.$disconnect();
  await cluster.stop();
}

/** Every dashboard page of the demo's Acme Store; `readme` names the README's image. */
async function dashboardPages(): Promise<{ name: string; path: string; readme?: string }[]> {
  const acme = await db.location.findFirstOrThrow({ where: { name: "Acme Store" }, select: { id: true } });
  const instance = await db.instance.findFirstOrThrow({ where: { locationId: acme.id, channel: "whatsapp", index: 4 } });
  const failed = await db.message.findFirstOrThrow({ where: { locationId: acme.id, status: "failed" }, orderBy: { createdAt: "desc" } });
  const billing = await db.instance.findFirstOrThrow({ where: { locationId: acme.id, channel: "whatsapp", index: 2 } });
  const at = (path: string) => `/${acme.id}/${path}`;
  return [
    { name: "overview", path: at("overview") },
    { name: "instances", path: at("instances"), readme: "instances" },
    { name: "instance-detail", path: at(`instances/${instance.id}`) },
    { name: "contacts", path: at("contacts") },
    { name: "team", path: at("team") },
    {
      name: "routing",
      path: at(`routing?channel=whatsapp&body=${encodeURIComponent("Hi! Your invoice is ready {{ WA#3 }} {IM#1}")}`),
      readme: "routing-dry-run",
    },
    {
      name: "routing-what-if",
      path: at(`routing?channel=whatsapp&body=${encodeURIComponent("Thanks for reaching out")}&down=${billing.id}`),
    },
    { name: "messages", path: at("messages") },
    { name: "message-detail", path: at(`messages/${failed.id}`) },
    { name: "doctor", path: at("doctor") },
    { name: "settings", path: at("settings") },
  ];
}

/** A full-page shot for review; a README page also as public/readme/<name>.png (<name>-mobile.png). */
async function shoot(page: Page, name: string, size: string, readme?: string) {
  await page.screenshot({ path: `${REVIEW_DIR}/${name}-${size}.png`, fullPage: true });
  if (readme) await page.screenshot({ path: `${README_DIR}/${readme}${size === "desktop" ? "" : `-${size}`}.png`, fullPage: true });
}
