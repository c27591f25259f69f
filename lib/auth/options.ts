import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { checkCredentials, SignInThrottledError } from "@/lib/auth/check-credentials";
import { clientIp } from "@/lib/auth/client-ip";
import { revokeSession, SESSION_MAX_AGE_SECONDS, sessionIsLive, startSession } from "@/lib/auth/session-list";
import { authSecret, publicUrl, trustedProxyHops } from "@/lib/env";
import { logUnexpected } from "@/lib/errors";

/** Thrown by the jwt callback for a signed-out or revoked session: next-auth then reads no session. */
class SessionEndedError extends Error {
  constructor() {
    super("Session ended");
    this.name = "SessionEndedError";
  }
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Secure (and __Secure-/__Host- prefixed) cookies whenever the public URL is https: the
    // browser then never sends the session over plain HTTP.
    useSecureCookies: publicUrl()?.protocol === "https:",
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const ip = clientIp(req?.headers?.["x-forwarded-for"], trustedProxyHops());
          try {
            const user = await checkCredentials(credentials, ip);
            return user ? { id: user.id } : null;
          } catch (error) {
            if (error instanceof SignInThrottledError) throw error;
            // next-auth would put a thrown message in the URL it answers: log it, send a bare code.
            logUnexpected(error, "sign-in");
            throw new Error("SignInFailed");
          }
        },
      }),
    ],
    callbacks: {
      // The token carries the user id and the session id only; memberships and roles are read
      // per request, and the session id is checked against the session list on every read.
      async jwt({ token, user }) {
        if (user) return { sub: user.id, sid: await startSession(user.id), iat: token.iat, exp: token.exp, jti: token.jti };
        const sid = typeof token.sid === "string" ? token.sid : null;
        if (!sid || !token.sub || !(await sessionIsLive(sid, token.sub))) throw new SessionEndedError();
        return { sub: token.sub, sid, iat: token.iat, exp: token.exp, jti: token.jti };
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub } } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(token.sid);
      },
    },
    logger: {
      error(code, metadata) {
        // A replayed cookie of an ended session is expected, not an error of ours.
        if (metadata instanceof SessionEndedError) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
    },
  };
}
