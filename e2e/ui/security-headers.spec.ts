// Issue 9 finding 3: every response carries the security headers (next.config.mjs, proxy.ts);
// another origin cannot frame the signed-in dashboard; every page still hydrates under the
// Content-Security-Policy, with no violation reported.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";

const SEGMENTS = ["overview", "instances", "contacts", "team", "routing", "messages", "doctor", "settings"];

function expectSecurityHeaders(headers: Record<string, string>) {
  const csp = headers["content-security-policy"] ?? "";
  for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
    expect(csp, csp).toContain(directive);
  }
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
}

test("a dashboard page and an API route send the security headers", async ({ page, login, demo, request }) => {
  await login("admin");
  const response = await page.goto(`/${demo.acmeId}/instances`);
  expectSecurityHeaders(response!.headers());
  // Pages: scripts only with this response's nonce, never inline script by default.
  expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  const api = await request.get("/api/v1/settings", { headers: { authorization: `Bearer ${demo.apiKey}` } });
  expect(api.status()).toBe(200);
  expectSecurityHeaders(api.headers());
  const login401 = await request.get("/api/v1/settings");
  expectSecurityHeaders(login401.headers());
});

test("a page of another origin cannot frame the signed-in dashboard", async ({ page, login, demo, baseURL }) => {
  await login("admin");
  const target = `${baseURL}/${demo.acmeId}/instances`;
  // Another origin (another port): a page that frames the dashboard, as a clickjacker would.
  const evil = createServer((_req, res) =>
    res.end(`<!doctype html><h1>evil</h1><iframe src="${target}" width="900" height="600"></iframe>`),
  );
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  const blocked: string[] = [];
  page.on("console", (m) => /frame-ancestors|X-Frame-Options/i.test(m.text()) && blocked.push(m.text()));
  try {
    await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
    await expect(page.getByRole("heading", { name: "evil" })).toBeVisible();
    await expect.poll(() => blocked.length, { timeout: 5_000 }).toBeGreaterThan(0);
    const framed = page.frames().find((f) => f !== page.mainFrame())!;
    expect(framed.url()).not.toBe(target); // Chromium shows its error page instead
    await expect(page.frameLocator("iframe").getByRole("button", { name: /the default/ })).toHaveCount(0);
  } finally {
    evil.close();
  }
});

test("every dashboard page hydrates with no Content-Security-Policy violation", async ({ page, login, demo }) => {
  test.setTimeout(180_000); // nine pages, on a shared machine
  const violations = await watchCsp(page);
  await login("admin");
  for (const [i, segment] of SEGMENTS.entries()) {
    await page.goto(`/${demo.acmeId}/${segment}`);
    // Hydrated: React has attached itself to the server-rendered sidebar (its scripts ran) …
    await page.waitForFunction(() => {
      const link = document.querySelector('nav[aria-label="Main"] a');
      return !!link && Object.keys(link).some((key) => key.startsWith("__reactProps"));
    });
    // … and a sidebar link navigates on the client, without reloading the document.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    const next = SEGMENTS[(i + 1) % SEGMENTS.length];
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: new RegExp(`^${next}$`, "i") })
      .click();
    await page.waitForURL(`**/${demo.acmeId}/${next}`);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker), `${segment} → ${next} reloaded`).toBe(1);
  }
  await page.context().clearCookies();
  await page.goto("/login");
  await page.waitForFunction(() => Object.keys(document.querySelector("form") ?? {}).some((key) => key.startsWith("__reactProps")));
  expect(violations).toEqual([]);
});

/** Every CSP violation the page reports: console messages and securitypolicyviolation events. */
async function watchCsp(page: Page): Promise<string[]> {
  const found: string[] = [];
  page.on(
    "console",
    (m) => /Content Security Policy|Refused to (load|execute|apply|evaluate|frame|connect)/i.test(m.text()) && found.push(m.text()),
  );
  await page.exposeFunction("__reportCsp", (text: string) => found.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __reportCsp: (t: string) => void }).__reportCsp(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
      ),
    );
  });
  return found;
}
