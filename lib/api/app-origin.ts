import "server-only";
// The origin people and gateways reach the app at: the configured public URL (NEXTAUTH_URL or
// APP_URL) when there is one, else the origin the request came in on (else, with no request, the
// local server). An instance's inboundUrl is built on it, and Twilio signs the URL it called.
import { env, publicUrl } from "@/lib/env";

export function appOrigin(request?: Request): string {
  return publicUrl()?.origin ?? (request ? new URL(request.url).origin : `http://localhost:${env().PORT}`);
}

/** The URL of `request` as the outside world called it: the public origin with the request's path and query. */
export function publicRequestUrl(request: Request): string {
  const url = new URL(request.url);
  const base = publicUrl();
  return base ? `${base.origin}${url.pathname}${url.search}` : url.toString();
}
