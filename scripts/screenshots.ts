// `npm run screenshots` (after `npm run build`): the README's screenshots in public/readme/, and
// every dashboard page in e2e/screenshots/ for review, at desktop and mobile widths. It starts the
// production server on a fresh database seeded with the demo data (the scale suite's cluster
// harness, one process) and drives Debian's Chromium. Not part of `npm test`: run it when the
// dashboard's look changed, and commit the README's images. SCREENSHOTS_ONLY=instance-detail,contact-thread
// shoots only the pages named.
//
// The demo's numbers are record-only; for the instance page this script connects Acme's WA#4 to a
// fake Evolution API (e2e/fakes, on loopback, reached as receiver.test through TEST_HOST_MAP like the
// tests do), gives it the suggested WhatsApp pacing and sends two messages through it, so the page
// shows a real connection, the gateway's answer to "Test connection" and the headroom it used.
import { mkdirSync } from "node:fs";
import { chromium, type Page } from "@playwright/test";
import { FakeEvolutionApi } from "@/e2e/fakes/fake-evolution-api";
import { startCluster } from "@/e2e/scale/cluster";
import { CHROMIUM, TEST_HOST_MAP, VIEWPORTS } from "@/e2e/support/constants";
import { addSessionCookies, signInOverHttp } from "@/e2e/support/sign-in";
import { createPrismaClient } from "@/lib/db/create-client";
import { SUGGESTED_PACING } from "@/lib/gateways/gateway.schema";
import { DEMO_LOGINS } from "@/lib/seed/demo";

const README_DIR = "public/readme";
const REVIEW_DIR = "e2e/screenshots";

const ONLY = process.env.SCREENSHOTS_ONLY?.split(",").filter(Boolean) ?? null;

const evolution = await new FakeEvolutionApi({ instance: "acme-promotions", phone: "+15550100004" }).start();
const cluster = await startCluster({
  db: "sqlite",
  processes: 1,
  seed: true,
  name: "screenshots",
  env: { TEST_HOST_MAP, ALERT_GRACE_SECONDS: "0", ALERT_SWEEP: "1" },
});
// The demo's logged-out number is raised as an alert at once here (the grace is 60 s otherwise): the bell counts it.
const db = createPrismaClient(cluster.databaseUrl);
const browser = await chromium.launch(CHROMIUM);
try {
  const baseURL = cluster.urls[0];
  await connectDemoGateway(baseURL, cluster.seedApiKey);
  await waitFor(async () => (await db.alert.count({ where: { status: "open" } })) > 0);
  const admin = DEMO_LOGINS.find((l) => l.role === "admin")!;
  const session = await signInOverHttp(baseURL, admin.email, admin.password);
  const pages = await dashboardPages();
  mkdirSync(README_DIR, { recursive: true });
  mkdirSync(REVIEW_DIR, { recursive: true });
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ baseURL, viewport });
    const page = await context.newPage();
    await page.goto("/login");
    if (!ONLY || ONLY.includes("login")) await shoot(page, "login", size);
    await addSessionCookies(context, baseURL, session);
    for (const { name, path, readme } of pages) {
      if (ONLY && !ONLY.includes(name)) continue;
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).waitFor();
      if (name === "message-detail") {
        await page.getByRole("button", { name: "Replay with today's configuration" }).click();
        await page.getByTestId("replay-differences").waitFor();
      }
      if (name === "instance-detail") {
        await page.getByRole("button", { name: "Test connection" }).click();
        await page.getByTestId("gateway-test-answer").waitFor();
        await page.evaluate(() => window.scrollTo(0, 0)); // the click scrolled: the fixed bars would be drawn mid-page
      }
      if (name === "impact-preview") {
        await page
          .getByRole("button", { name: /^Make WA#\d+ .* the default$/ })
          .first()
          .click();
        await page.getByTestId("impact-summary").waitFor();
      }
      await page.waitForTimeout(700); // charts animate in
      // A dialog is drawn in the viewport: a shot of the whole page would centre it on a page-tall viewport.
      await shoot(page, name, size, readme, name !== "impact-preview");
    }
    await context.close();
  }
  console.log(`Screenshots: ${README_DIR}/ (README) and ${REVIEW_DIR}/ (every page).`);
} finally {
  await browser.close();
  await db.$disconnect();
  await cluster.stop();
  await evolution.stop();
}

/** Acme's WA#4 through the fake Evolution API, with the suggested WhatsApp pacing and two messages sent through it. */
async function connectDemoGateway(baseURL: string, apiKey: string) {
  const acme = await db.location.findFirstOrThrow({ where: { name: "Acme Store" }, select: { id: true } });
  const instance = await db.instance.findFirstOrThrow({ where: { locationId: acme.id, channel: "whatsapp", index: 4 } });
  const api = (method: string, path: string, body: unknown) =>
    fetch(`${baseURL}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return r.json();
    });
  await api("PATCH", `/instances/${instance.id}`, {
    gateway: {
      kind: "evolution",
      url: evolution.url.replace("127.0.0.1", "receiver.test"),
      instance: evolution.instance,
      credentials: { apiKey: evolution.apiKey },
    },
    pacing: SUGGESTED_PACING.whatsapp,
  });
  const contacts = await db.contact.findMany({ where: { locationId: acme.id }, orderBy: { phone: "desc" }, take: 2 });
  for (const contact of contacts) {
    await api("POST", "/messages", {
      channel: "whatsapp",
      contactId: contact.id,
      from: instance.id,
      body: "Flash sale this weekend: 20% off",
    });
  }
  // The outbox sends them at their pacing slots (4 s + up to 3 s apart).
  await waitFor(
    async () =>
      (await db.messageStatusChange.count({ where: { source: "dispatcher", message: { instanceId: instance.id } } })) >= contacts.length,
  );
}

/** Polls `done` every half second for up to 30 s. */
async function waitFor(done: () => Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !(await done())) await new Promise((resolve) => setTimeout(resolve, 500));
}

/** Every dashboard page of the demo's Acme Store; `readme` names the README's image. */
async function dashboardPages(): Promise<{ name: string; path: string; readme?: string }[]> {
  const acme = await db.location.findFirstOrThrow({ where: { name: "Acme Store" }, select: { id: true } });
  const instance = await db.instance.findFirstOrThrow({ where: { locationId: acme.id, channel: "whatsapp", index: 4 } });
  const failed = await db.message.findFirstOrThrow({ where: { locationId: acme.id, status: "failed" }, orderBy: { createdAt: "desc" } });
  const billing = await db.instance.findFirstOrThrow({ where: { locationId: acme.id, channel: "whatsapp", index: 2 } });
  // The seed's contact who wrote back most recently (lib/seed/conversations.ts).
  const talker = await db.inboundMessage.findFirstOrThrow({ where: { locationId: acme.id }, orderBy: { receivedAt: "desc" } });
  const at = (path: string) => `/${acme.id}/${path}`;
  return [
    { name: "overview", path: at("overview") },
    { name: "instances", path: at("instances"), readme: "instances" },
    { name: "impact-preview", path: at("instances"), readme: "impact-preview" },
    { name: "instance-detail", path: at(`instances/${instance.id}`), readme: "instance-gateway" },
    { name: "contacts", path: at("contacts") },
    { name: "contact-thread", path: at(`contacts/${talker.contactId}`), readme: "contact-thread" },
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
    { name: "alerts", path: at("alerts"), readme: "alerts" },
    { name: "settings", path: at("settings") },
  ];
}

/** A full-page shot for review; a README page also as public/readme/<name>.png (<name>-mobile.png). */
async function shoot(page: Page, name: string, size: string, readme?: string, fullPage = true) {
  // The viewport grows to the page's height first: the sidebar is `sticky h-svh`, one viewport
  // tall, so a full-page shot of a taller page would cut it off half-way down.
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (fullPage && viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  await page.screenshot({ path: `${REVIEW_DIR}/${name}-${size}.png`, fullPage });
  if (readme) await page.screenshot({ path: `${README_DIR}/${readme}${size === "desktop" ? "" : `-${size}`}.png`, fullPage });
  if (viewport) await page.setViewportSize(viewport);
}
