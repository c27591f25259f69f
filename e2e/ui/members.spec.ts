// Members in Settings (SPEC §4): an admin adds a member, changes their role and removes them;
// the last admin can be neither demoted nor removed (also when two removals race); a removed
// member's next request is refused like any non-member's, and their live stream ends; agents and
// support staff cannot call the member actions even by replaying an admin's request.
// Each test builds its own location with the shared factories, so it can change its members freely.
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import type { createPrismaClient } from "@/lib/db/create-client";
import type { Role } from "@/lib/domain";
import { createLocation, createUser } from "@/lib/seed/factories";
import { openEvents } from "../api/sse";
import { E2E_BASE_URL, VIEWPORTS } from "../support/constants";
import { expect, test } from "../support/fixtures";
import { type CapturedAction, nextAction, replayable } from "../support/server-actions";
import { addSessionCookies, signInOverHttp } from "../support/sign-in";

const PASSWORD = "members-pass-123";
// Several sign-ins (scrypt) and page loads per test, on a machine shared with other builds.
test.describe.configure({ timeout: 180_000 });
type Db = ReturnType<typeof createPrismaClient>;
type Person = { id: string; email: string; name: string };

async function team(db: Db, roles: Role[]) {
  const tag = randomBytes(4).toString("hex");
  const location = await createLocation(db, { name: `Members e2e ${tag}` });
  const people: Person[] = [];
  for (const [i, role] of roles.entries()) {
    const email = `m-${role}-${i}-${tag}@test.example`;
    const name = `${role[0].toUpperCase()}${role.slice(1)} ${i} ${tag}`;
    const { user } = await createUser(db, { email, name, password: PASSWORD, locationId: location.id, role });
    people.push({ id: user.id, email, name });
  }
  return { locationId: location.id, people, tag };
}

/** A browser of its own, signed in as `email` (a session cookie: the login form is login.spec's). */
async function signedIn(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext();
  await addSessionCookies(context, E2E_BASE_URL, await signInOverHttp(E2E_BASE_URL, email, password));
  return context.newPage();
}

const card = (page: Page) => page.getByTestId("members-card");
const row = (page: Page, name: string) => card(page).getByTestId("member-row").filter({ hasText: name });

async function chooseRole(page: Page, name: string, role: string) {
  await row(page, name)
    .getByRole("combobox", { name: `Role of ${name}` })
    .click();
  await page.getByRole("option", { name: role, exact: true }).click();
}

async function remove(page: Page, name: string) {
  // A toast of the previous change may sit over the row (bottom right), and toasts do not time
  // out in a page that is not focused: the button is pressed from the keyboard, which no overlay
  // intercepts, instead of waiting for a click to reach it.
  await row(page, name)
    .getByRole("button", { name: `Remove ${name}` })
    .press("Enter");
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
}

test("an admin adds a member, changes their role and removes them; the removed member is shut out at once", async ({
  browser,
  db,
  baseURL,
}) => {
  const {
    locationId,
    people: [admin],
    tag,
  } = await team(db, ["admin"]);
  const page = await signedIn(browser, admin.email);
  await page.goto(`/${locationId}/settings`);
  const email = `new-${tag}@test.example`;
  const name = `New Person ${tag}`;
  await card(page).getByLabel("E-mail").fill(email);
  await card(page).getByLabel("Name").fill(name);
  await card(page).getByRole("button", { name: "Add member" }).click();
  const password = (await card(page).getByTestId("new-member-password").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(12);
  await expect(row(page, name)).toContainText(email);

  // The new member signs in with the password shown once, and watches the live stream.
  const member = await signedIn(browser, email, password);
  const cookie = (await member.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const stream = await openEvents(`${baseURL}/api/v1/events?locationId=${locationId}`, { cookie });
  expect(stream.status).toBe(200);

  await chooseRole(page, name, "Support");
  await expect(page.getByText(`${name} is now support`)).toBeVisible();
  await expect
    .poll(() => db.membership.findFirst({ where: { locationId, user: { email } }, select: { role: true } }))
    .toEqual({ role: "support" });

  await remove(page, name);
  await expect(row(page, name)).toHaveCount(0);
  const ended = await stream.endsWithin(6_500);
  expect(ended, "the removed member's stream is still open").not.toBeNull();
  const next = await member.goto(`/${locationId}/overview`);
  expect(next?.status()).toBe(404);

  const audit = await db.auditEntry.findMany({
    where: { locationId, entityType: "member" },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorLabel: true },
  });
  expect(audit).toEqual(["member.added", "member.role_changed", "member.removed"].map((action) => ({ action, actorLabel: admin.email })));
});

test("the last admin can be neither demoted nor removed; the refusal shows beside the member", async ({ browser, db }) => {
  const {
    locationId,
    people: [admin, agent],
  } = await team(db, ["admin", "agent"]);
  const page = await signedIn(browser, admin.email);
  await page.goto(`/${locationId}/settings`);
  await chooseRole(page, admin.name, "Agent");
  await expect(row(page, admin.name).getByRole("alert")).toContainText(/last admin/i);
  await remove(page, admin.name);
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(row(page, admin.name).getByRole("alert")).toContainText(/last admin/i);
  expect(await db.membership.findMany({ where: { locationId }, select: { userId: true, role: true }, orderBy: { role: "asc" } })).toEqual([
    { userId: admin.id, role: "admin" },
    { userId: agent.id, role: "agent" },
  ]);
});

test("the last two admins removing each other at the same moment leave one admin", async ({ browser, db }) => {
  const {
    locationId,
    people: [a, b, spare],
  } = await team(db, ["admin", "admin", "agent"]);
  const pageA = await signedIn(browser, a.email);
  const pageB = await signedIn(browser, b.email);
  const captured = await capture(pageA, locationId, spare.id, () => remove(pageA, spare.name));
  expect(captured.body).toContain(spare.id);
  // A removes B while B removes A. Whichever commits first wins; the other is refused — as the
  // last admin, or as no longer a member when its request is authorized after the first commit.
  const responses = await Promise.all([
    pageA.request.post(captured.url, { headers: captured.headers, data: captured.body.replaceAll(spare.id, b.id) }),
    pageB.request.post(captured.url, { headers: captured.headers, data: captured.body.replaceAll(spare.id, a.id) }),
  ]);
  const texts = await Promise.all(responses.map((r) => r.text()));
  expect(
    texts.filter((t) => /last admin|Location not found/i.test(t)),
    texts.join("\n"),
  ).toHaveLength(1);
  expect(await db.membership.count({ where: { locationId, role: "admin", active: true } })).toBe(1);
});

for (const role of ["agent", "support"] as const) {
  test(`${role}: no member controls, and replayed member actions are refused`, async ({ browser, db }) => {
    const {
      locationId,
      people: [admin, target, actor],
      tag,
    } = await team(db, ["admin", "agent", role]);
    const adminPage = await signedIn(browser, admin.email);
    const throwaway = `throwaway-${tag}@test.example`;
    const add = await capture(adminPage, locationId, throwaway, async () => {
      await card(adminPage).getByLabel("E-mail").fill(throwaway);
      await card(adminPage).getByLabel("Name").fill(`Throwaway ${tag}`);
      await card(adminPage).getByRole("button", { name: "Add member" }).click();
    });
    await expect(row(adminPage, `Throwaway ${tag}`)).toBeVisible();
    const throwawayId = (await db.user.findUniqueOrThrow({ where: { email: throwaway } })).id;
    const change = await capture(adminPage, locationId, throwawayId, () => chooseRole(adminPage, `Throwaway ${tag}`, "Support"), false);
    const drop = await capture(adminPage, locationId, throwawayId, () => remove(adminPage, `Throwaway ${tag}`), false);

    const page = await signedIn(browser, actor.email);
    await page.goto(`/${locationId}/settings`);
    await expect(card(page)).toBeVisible();
    await expect(card(page).getByRole("button", { name: "Add member" })).toHaveCount(0);
    await expect(card(page).getByRole("combobox")).toHaveCount(0);
    await expect(card(page).getByRole("button", { name: /^Remove / })).toHaveCount(0);
    const replays = [
      { ...add, body: add.body.replaceAll(throwaway, `intruder-${tag}@test.example`) },
      { ...change, body: change.body.replaceAll(throwawayId, target.id).replace('"support"', '"admin"') },
      { ...drop, body: drop.body.replaceAll(throwawayId, target.id) },
    ];
    for (const replay of replays) {
      const res = await page.request.post(replay.url, { headers: replay.headers, data: replay.body });
      expect(await res.text()).toContain(`Your role (${role}) cannot do this`);
    }
    expect(await db.user.count({ where: { email: `intruder-${tag}@test.example` } })).toBe(0);
    expect(await db.membership.findFirst({ where: { locationId, userId: target.id }, select: { role: true } })).toEqual({ role: "agent" });
  });
}

test("screenshots of the Members card (desktop and mobile)", async ({ browser, db }) => {
  const {
    locationId,
    people: [admin],
  } = await team(db, ["admin", "agent", "support"]);
  const page = await signedIn(browser, admin.email);
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.goto(`/${locationId}/settings`);
    await card(page)
      .getByLabel("E-mail")
      .fill(`shot-${size}-${randomBytes(3).toString("hex")}@test.example`);
    await card(page).getByLabel("Name").fill(`Screenshot ${size}`);
    await card(page).getByRole("button", { name: "Add member" }).click();
    // Adding a member hashes its password with scrypt (128 MiB, by design slow): on a loaded
    // 2-core machine that has taken over 10 s.
    await expect(card(page).getByTestId("new-member-password")).toBeVisible({ timeout: 30_000 });
    await chooseRole(page, admin.name, "Agent"); // refused: the last admin
    await expect(row(page, admin.name).getByRole("alert")).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot scrolled down draws the sticky header mid-page
    await page.waitForTimeout(300);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > viewport.width)
      console.log(
        await page.evaluate(
          (w) =>
            [...document.querySelectorAll("body *")]
              .filter((e) => e.getBoundingClientRect().right > w + 1)
              .slice(0, 12)
              .map((e) => `${e.tagName}.${String(e.className).slice(0, 80)} ${Math.round(e.getBoundingClientRect().right)}`)
              .join("\n"),
          viewport.width,
        ),
      );
    expect(width, "the page scrolls sideways").toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: `e2e/screenshots/settings-members-${size}.png`, fullPage: true });
    await card(page).screenshot({ path: `e2e/screenshots/members-card-${size}.png` });
  }
});

/** The member action `act` sends, found by `marker` (an id or e-mail its body carries). */
async function capture(page: Page, locationId: string, marker: string, act: () => Promise<void>, navigate = true): Promise<CapturedAction> {
  if (navigate) await page.goto(`/${locationId}/settings`);
  const requestPromise = nextAction(page, marker);
  await act();
  const req = await requestPromise;
  await req.response();
  return replayable(req);
}
