// Issue 9, findings 4 and 5: signing out ends that session on the server (a copied cookie stops
// working at once, on pages and on the event stream), and lands on this app's own /login — the
// e2e server has no public URL configured, which used to send the browser to localhost:3000.
import type { Cookie } from "@playwright/test";
import { expect, test } from "../support/fixtures";

/** The status of the dashboard's event stream for a cookie, without waiting for the stream. */
async function eventStreamStatus(baseURL: string, locationId: string, cookie: Cookie) {
  const controller = new AbortController();
  const response = await fetch(`${baseURL}/api/v1/events?locationId=${locationId}`, {
    headers: { cookie: `${cookie.name}=${cookie.value}`, accept: "text/event-stream" },
    signal: controller.signal,
  });
  controller.abort();
  return response.status;
}

test("sign-out lands on this app's /login and the old session cookie is refused afterwards", async ({
  page,
  browser,
  baseURL,
  demo,
  login,
}) => {
  // Two real form logins (each an scrypt verify of 128 MiB) and three browser contexts: on a
  // loaded 2-core CI machine this has run past the default 60 s once.
  test.setTimeout(120_000);
  const other = await (await browser.newContext()).newPage();
  await login("admin", { context: other.context(), fresh: true }); // the same user in another browser keeps their session

  await login("admin", { fresh: true }); // sessions of their own: this one ends
  await page.goto(`/${demo.acmeId}/instances`);
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session, "session cookie").toBeTruthy();
  expect(await eventStreamStatus(baseURL!, demo.acmeId, session!)).toBe(200);

  await page.getByRole("button", { name: /account menu/i }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(new URL("/login", baseURL).href);

  // Replay the copied cookie: the page sends it to the login page, the stream answers 401.
  const replay = await browser.newContext();
  await replay.addCookies([session!]);
  const replayed = await replay.newPage();
  await replayed.goto(`/${demo.acmeId}/instances`);
  await expect(replayed).toHaveURL(/\/login/);
  expect(await eventStreamStatus(baseURL!, demo.acmeId, session!)).toBe(401);

  await other.goto(`/${demo.acmeId}/instances`);
  await expect(other).toHaveURL(new RegExp(`/${demo.acmeId}/instances`));
  await replay.close();
  await other.context().close();
});
