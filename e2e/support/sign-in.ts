// Signing in without the login form: next-auth's own credentials flow over HTTP (its CSRF token,
// then the callback), which checks the password, passes the sign-in throttle and starts a real
// server-side session (lib/auth/session-list.ts) — the cookie a browser gets from the form. The
// login spec keeps the real form; every other test starts signed in this way, skipping two page
// loads per sign-in.
import type { BrowserContext } from "@playwright/test";

export type SessionCookie = { name: string; value: string };

/**
 * The e2e server trusts one proxy hop (TRUST_PROXY=1), so this is the address the throttle counts
 * these sign-ins under: never 127.0.0.1, where the throttle tests and the login form's wrong
 * passwords spend attempts. A successful sign-in refunds its attempt, so the count stays near 0.
 */
const SIGN_IN_ADDRESS = "192.0.2.10";

/** Signs `email` in and returns the cookies of the new session (CSRF cookie included). */
export async function signInOverHttp(baseURL: string, email: string, password: string): Promise<SessionCookie[]> {
  const headers = { "x-forwarded-for": SIGN_IN_ADDRESS };
  const csrf = await fetch(`${baseURL}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookiesOf(csrf)) },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookies = [...cookiesOf(csrf), ...cookiesOf(callback)];
  if (!cookies.some((c) => c.name.endsWith("session-token"))) {
    throw new Error(`Sign-in failed for ${email}: HTTP ${callback.status} ${await callback.text()}`);
  }
  return cookies;
}

/** The Cookie header a browser with these cookies sends. */
export function cookieHeader(cookies: SessionCookie[]): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Puts a session into a browser context: its pages are signed in from their first request. */
export async function addSessionCookies(context: BrowserContext, baseURL: string, cookies: SessionCookie[]): Promise<void> {
  await context.addCookies(cookies.map((c) => ({ ...c, url: baseURL, httpOnly: true, sameSite: "Lax" as const })));
}

/** Cookies a response sets (an emptied cookie, `name=`, is a deletion and left out). */
function cookiesOf(response: Response): SessionCookie[] {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("="))
    .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1) }));
}
