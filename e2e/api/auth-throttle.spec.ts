// Issue 9, finding 1: sign-in throttling cannot be stepped around. The throttle sits inside the
// credentials check, so every way into next-auth's credentials flow meets it: a suffix on the
// callback path, a JSON body, parallel guesses, a forged X-Forwarded-For. The e2e server runs with
// TRUST_PROXY=1, so these requests play the proxy: the right-most X-Forwarded-For entry is the
// address the proxy saw, anything left of it is what the client claimed.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { createUser } from "@/lib/seed/factories";
import { expect, test } from "../support/fixtures";

const CALLBACK = "/api/auth/callback/credentials";
const PASSWORD = "right-password-123";

type Attempt = { email: string; password: string; ip: string; path?: string; body?: "form" | "json" };

async function csrfToken(request: APIRequestContext) {
  return ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

async function attempt(request: APIRequestContext, token: string, a: Attempt): Promise<APIResponse> {
  const fields = { email: a.email, password: a.password, csrfToken: token, json: "true" };
  return request.post(a.path ?? CALLBACK, {
    ...(a.body === "json" ? { data: fields } : { form: fields }),
    headers: { "x-forwarded-for": a.ip },
    maxRedirects: 0,
  });
}

function signedIn(response: APIResponse) {
  return response.headersArray().some((h) => h.name.toLowerCase() === "set-cookie" && /session-token=[^;]/.test(h.value));
}

/** A 429 with a Retry-After and an error body that says how long to wait. */
async function expectThrottled(response: APIResponse) {
  expect(response.status(), await response.text()).toBe(429);
  expect(signedIn(response)).toBe(false);
  const wait = Number(response.headers()["retry-after"]);
  expect(wait).toBeGreaterThan(0);
  const body = await response.json();
  expect(body.error.code).toBe("rate_limited");
  expect(body.error.message).toMatch(/try again in \d+ s/i);
}

const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join(".")}`;

async function blockedAccount(request: APIRequestContext, db: Parameters<typeof createUser>[0], locationId: string) {
  const email = `blocked-${randomBytes(4).toString("hex")}@test.example`;
  await createUser(db, { email, name: "Blocked", password: PASSWORD, locationId, role: "agent" });
  const token = await csrfToken(request);
  const ip = randomIp();
  for (let i = 0; i < 5; i++) expect((await attempt(request, token, { email, password: "wrong-password", ip })).status()).toBe(401);
  expect((await attempt(request, token, { email, password: "wrong-password", ip })).status()).toBe(429);
  return { email, token };
}

test("a blocked account refuses the right password on a callback path with a suffix", async ({ request, db, tenant }) => {
  const t = await tenant();
  const { email, token } = await blockedAccount(request, db, t.id);
  for (const path of [`${CALLBACK}/anything`, `${CALLBACK}/x/y`]) {
    await expectThrottled(await attempt(request, token, { email, password: PASSWORD, ip: randomIp(), path }));
  }
});

test("a blocked account refuses the right password sent as a JSON body", async ({ request, db, tenant }) => {
  const t = await tenant();
  const { email, token } = await blockedAccount(request, db, t.id);
  await expectThrottled(await attempt(request, token, { email, password: PASSWORD, ip: randomIp(), body: "json" }));
  await expectThrottled(await attempt(request, token, { email, password: PASSWORD, ip: randomIp() }));
});

test("30 parallel wrong guesses: at most 5 reach the password check, then the right one waits too", async ({ request, db, tenant }) => {
  const t = await tenant();
  const email = `parallel-${randomBytes(4).toString("hex")}@test.example`;
  await createUser(db, { email, name: "Parallel", password: PASSWORD, locationId: t.id, role: "agent" });
  const token = await csrfToken(request);
  const ip = randomIp();
  const responses = await Promise.all(Array.from({ length: 30 }, () => attempt(request, token, { email, password: "wrong-password", ip })));
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s === 429).length, statuses.join(",")).toBeGreaterThanOrEqual(25);
  expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  await expectThrottled(await attempt(request, token, { email, password: PASSWORD, ip }));
});

test("a forged X-Forwarded-For does not reset the per-IP count", async ({ request }) => {
  const token = await csrfToken(request);
  const seen = randomIp(); // the address the proxy appends: the client cannot change it
  const viaProxy = () => `${randomIp()}, ${seen}`; // …after whatever the client wrote
  const unknown = () => `spray-${randomBytes(4).toString("hex")}@test.example`;
  // 60 guesses at one account, each under another forged address. The account stops them after 5
  // (so the rest cost no password compare); the IP's count goes on regardless.
  const email = unknown();
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) statuses.push((await attempt(request, token, { email, password: "guess", ip: viaProxy() })).status());
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  // The address the proxy saw has spent its 50 attempts: another account, under yet another
  // forged address, is refused too.
  await expectThrottled(await attempt(request, token, { email: unknown(), password: "guess", ip: viaProxy() }));
  // Another client behind the same proxy is not affected.
  expect((await attempt(request, token, { email: unknown(), password: "guess", ip: randomIp() })).status()).toBe(401);
});
