// Issue 9, finding 5: behind an https public URL (APP_URL or NEXTAUTH_URL) the session cookie is
// Secure. Checked on the Set-Cookie next-auth really sends, with the app's authOptions().
import { afterAll, describe, expect, it, vi } from "vitest";
import { callNextAuth, signInThroughNextAuth } from "@/e2e/support/vitest/next-auth-call";

// Before any module reads the configuration (lib/env.ts caches it).
vi.hoisted(() => {
  process.env.APP_URL = "https://router.example.com";
});
const { authOptions } = await import("@/lib/auth/options");
const { db } = await import("@/lib/db/client");

afterAll(() => {
  delete process.env.APP_URL;
});

describe("cookies behind an https public URL", () => {
  it("the session and CSRF cookies are Secure, HttpOnly and __Secure-/__Host- prefixed", async () => {
    const { csrf, signedIn } = await signInThroughNextAuth(db, authOptions, "__Host-next-auth.csrf-token");
    expect(csrf.setCookies.find((c) => c.startsWith("__Host-next-auth.csrf-token="))).toMatch(/;\s*Secure/i);
    const session = signedIn.setCookies.find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(session, signedIn.setCookies.join("\n")).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
  });

  it("a plain-http public URL keeps plain cookies (local use over http://localhost)", async () => {
    vi.resetModules();
    process.env.APP_URL = "http://localhost:3000";
    const fresh = await import("@/lib/auth/options");
    const csrf = await callNextAuth(fresh.authOptions(), { action: ["csrf"] });
    expect(csrf.setCookies.find((c) => c.startsWith("next-auth.csrf-token="))).not.toMatch(/;\s*Secure/i);
  });

  it("a public URL that is not http(s) stops the start with a clear message", async () => {
    vi.resetModules();
    process.env.APP_URL = "ftp://router.example.com";
    const { env } = await import("@/lib/env");
    expect(() => env()).toThrow(/APP_URL: must start with https:\/\//);
  });
});
