// Drives next-auth's request handling in unit tests through its API-route entry, which needs no
// Next.js request context: the real core (CSRF, callbacks, cookies) with the app's authOptions().
import { randomUUID } from "node:crypto";
import NextAuth, { type NextAuthOptions } from "next-auth";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createLocation, createUser } from "@/lib/seed/factories";

type Call = { action: string[]; method?: "GET" | "POST"; body?: Record<string, string>; cookies?: Record<string, string> };
export type Answer = { status: number; body: unknown; setCookies: string[] };

export async function callNextAuth(options: NextAuthOptions, { action, method = "GET", body, cookies = {} }: Call): Promise<Answer> {
  const headers: Record<string, unknown> = {};
  let status = 200;
  let sent: unknown;
  const res = {
    status(code: number) {
      status = code;
      return res;
    },
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = value;
      return res;
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
    json: (value: unknown) => void (sent = value),
    send: (value: unknown) => void (sent = value),
    end: () => undefined,
  };
  const req = { query: { nextauth: action }, method, body, cookies, headers: { host: "router.example.com" } };
  await (NextAuth as unknown as (...args: unknown[]) => Promise<void>)(req, res, options);
  return { status, body: sent, setCookies: [headers["set-cookie"] ?? []].flat() as string[] };
}

/** The value a Set-Cookie list gives the cookie `name` (decoded, as a server reads it), or undefined. */
export function cookieValue(answer: Answer, name: string): string | undefined {
  const pair = answer.setCookies.map((c) => c.split(";")[0]).find((c) => c.startsWith(`${name}=`));
  return pair === undefined ? undefined : decodeURIComponent(pair.slice(name.length + 1));
}

/** Signs a fresh user in with email and password, as the login form does. */
export async function signInThroughNextAuth(db: PrismaClient, options: () => NextAuthOptions, csrfCookieName: string) {
  const location = await createLocation(db, { name: `Flow ${randomUUID()}` });
  const email = `flow-${randomUUID()}@test.example`;
  const { user } = await createUser(db, { email, name: "Flow", password: "correct-horse-battery", locationId: location.id, role: "agent" });
  const csrf = await callNextAuth(options(), { action: ["csrf"] });
  const csrfCookie = cookieValue(csrf, csrfCookieName) ?? "";
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  const signedIn = await callNextAuth(options(), {
    action: ["callback", "credentials"],
    method: "POST",
    body: { email, password: "correct-horse-battery", csrfToken, json: "true" },
    cookies: { [csrfCookieName]: csrfCookie },
  });
  return { user, csrf, csrfCookie, csrfToken, signedIn };
}
