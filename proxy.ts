// Next.js's proxy (formerly middleware), for one job: a path with malformed percent-encoding
// (`/api/v1/contacts/%E0%A4%A`) made Next.js's router fail to decode its params and answer a
// plain-text 500 before any route ran. Here it is a 400: JSON under /api (SPEC §3: every error
// body is JSON), text elsewhere. The matcher keeps every other request away from this function:
// only paths containing "%" run it, so the send path pays nothing.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  try {
    decodeURIComponent(path);
    return NextResponse.next();
  } catch {
    const message = "The URL path has a malformed percent-encoding (a % not followed by a valid UTF-8 escape).";
    if (path.startsWith("/api/")) return NextResponse.json({ error: { code: "invalid_request", message } }, { status: 400 });
    return new NextResponse(`Bad request: ${message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}

export const config = { matcher: ["/(.*%.*)"] };
