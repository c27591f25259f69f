// Next.js's proxy (formerly middleware), for malformed URLs only:
// - a malformed percent-encoding in the path (`/api/v1/contacts/%E0%A4%A`) made Next.js's router
//   fail to decode its params and answer a plain-text 500 before any route ran;
// - a NUL (%00) in a dashboard path or query reached PostgreSQL, which cannot compare NUL (22021,
//   a 500). (API queries and bodies are checked by lib/api/handler.ts, with the field named.)
// Both are a 400 here: JSON under /api (SPEC §3: every error body is JSON), text elsewhere. The
// matcher keeps the API away from this function unless its path holds a "%": the send path pays
// nothing.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return badRequest(pathname, "The URL path has a malformed percent-encoding (a % not followed by a valid UTF-8 escape).");
  }
  if (path.includes("\u0000") || /%00/i.test(search)) return badRequest(pathname, "The URL contains a NUL character (%00).");
  return NextResponse.next();
}

function badRequest(pathname: string, message: string) {
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: { code: "invalid_request", message } }, { status: 400 });
  return new NextResponse(`Bad request: ${message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export const config = { matcher: ["/(.*%.*)", "/((?!api/|_next/).*)"] };
