// Next.js Proxy (the former middleware): gives every page a Content-Security-Policy with a fresh
// nonce (lib/security/headers.mjs). Next.js reads the policy from the request headers set here
// and puts the nonce on the scripts it renders; the response carries the same policy.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/security/headers.mjs";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ nonce, dev: env().NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes get the nonce-less policy from next.config.mjs; static files none.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|readme/).*)",
      // Prefetches of client navigation fetch RSC data, not documents: no policy needed.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
