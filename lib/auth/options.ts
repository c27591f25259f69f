import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret, trustedProxyHops } from "@/lib/env";
import { logUnexpected } from "@/lib/errors";
import { checkCredentials, SignInThrottledError } from "@/lib/auth/check-credentials";
import { clientIp } from "@/lib/auth/client-ip";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
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
      // The token carries the user id only; memberships and roles are read per request.
      jwt({ token, user }) {
        if (user) return { sub: user.id, iat: token.iat, exp: token.exp, jti: token.jti };
        return { sub: token.sub, iat: token.iat, exp: token.exp, jti: token.jti };
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub } } as typeof session;
      },
    },
  };
}
