// Issue 9, finding 4 (sign-out part): the server keeps a list of sessions, so a copied session
// cookie is worth nothing after sign-out or revocation — through next-auth's own request handling.
import { describe, expect, it } from "vitest";
import { callNextAuth, cookieValue, signInThroughNextAuth } from "@/e2e/support/vitest/next-auth-call";
import { authOptions } from "@/lib/auth/options";
import { revokeUserSessions } from "@/lib/auth/session-list";
import { db } from "@/lib/db/client";

const CSRF = "next-auth.csrf-token";
const SESSION = "next-auth.session-token";
const signIn = () => signInThroughNextAuth(db, authOptions, CSRF);
const sessionOf = (cookie: string) => callNextAuth(authOptions(), { action: ["session"], cookies: { [SESSION]: cookie } });

describe("server-side session list", () => {
  it("sign-out ends the session: the copied cookie reads no session afterwards", async () => {
    const { user, csrfCookie, csrfToken, signedIn } = await signIn();
    const cookie = cookieValue(signedIn, SESSION)!;
    expect(await sessionOf(cookie)).toMatchObject({ body: { user: { id: user.id } } });
    await callNextAuth(authOptions(), {
      action: ["signout"],
      method: "POST",
      body: { csrfToken, json: "true" },
      cookies: { [CSRF]: csrfCookie, [SESSION]: cookie },
    });
    expect((await sessionOf(cookie)).body).toEqual({});
  });

  it("revokeUserSessions ends every session of that user, and only theirs", async () => {
    const a = await signIn();
    const b = await signIn();
    const [cookieA, cookieB] = [cookieValue(a.signedIn, SESSION)!, cookieValue(b.signedIn, SESSION)!];
    expect(await revokeUserSessions(a.user.id)).toBe(1);
    expect((await sessionOf(cookieA)).body).toEqual({});
    expect(await sessionOf(cookieB)).toMatchObject({ body: { user: { id: b.user.id } } });
  });

  it("a cookie from before the session list (no session id) reads no session", async () => {
    const { encode } = await import("next-auth/jwt");
    const { user } = await signIn();
    const legacy = await encode({ token: { sub: user.id }, secret: authOptions().secret! });
    expect((await sessionOf(legacy)).body).toEqual({});
  });
});
