// Next.js Proxy (the former middleware), for two jobs:
// 1. Malformed URLs are a 400 — JSON under /api (SPEC §3: every error body is JSON), text
//    elsewhere: a malformed percent-encoding in the path (`/api/v1/contacts/%E0%A4%A`) made
//    Next.js's router fail to decode its params and answer a plain-text 500 before any route ran;
//    a NUL (%00) in a dashboard path or query reached PostgreSQL, which cannot compare NUL (22021,
//    a 500). (API queries and bodies are checked by lib/api/handler.ts, with the field named.)
// 2. Every page gets a Content-Security-Policy with a fresh nonce (lib/security/headers.mjs).
//    Next.js reads the policy from the request headers set here and puts the nonce on the
//    scripts it renders; the response carries the same policy.
// The matcher keeps API requests without a "%" away from this function: the send path pays nothing.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/security/headers.mjs";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return badRequest(pathname, "The URL path has a malformed percent-encoding (a % not followed by a valid UTF-8 escape).");
  }
  if (path.includes("\u0000") || /%00/i.test(search)) return badRequest(pathname, "The URL contains a NUL character (%00).");
  if (/^\/(api\/|_next\/static|_next\/image|favicon\.ico|readme\/)/.test(pathname)) return NextResponse.next();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ nonce, dev: env().NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

function badRequest(pathname: string, message: string) {
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: { code: "invalid_request", message } }, { status: 400 });
  return new NextResponse(`Bad request: ${message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
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
    // Any path with a "%", API routes and prefetches included, for the URL checks.
    "/(.*%.*)",
  ],
};
