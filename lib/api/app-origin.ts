import "server-only";
// The origin people and gateways reach the app at: the configured public URL (NEXTAUTH_URL or
// APP_URL) when there is one, else the origin the request came in on — its Host header (Next.js's
// request.url names the server's own bind address, not what the client called), or what a trusted
// proxy says (TRUST_PROXY). An instance's inboundUrl is built on it, and Twilio signs the URL it called.
import { env, publicUrl, trustedProxyHops } from "@/lib/env";

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function appOrigin(request?: Request): string {
  return publicUrl()?.origin ?? (request ? requestOrigin(request) : `http://localhost:${env().PORT}`);
}

/** The URL of `request` as the outside world called it: the public origin with the request's path and query. */
export function publicRequestUrl(request: Request): string {
  const url = new URL(request.url);
  return `${appOrigin(request)}${url.pathname}${url.search}`;
}

function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const trusted = trustedProxyHops() > 0;
  const forwarded = (name: string) => (trusted ? request.headers.get(name)?.split(",")[0]?.trim() : undefined);
  const host = [forwarded("x-forwarded-host"), request.headers.get("host")].find((h) => h && HOST.test(h)) ?? url.host;
  const proto = forwarded("x-forwarded-proto");
  return `${proto === "https" || proto === "http" ? proto : url.protocol.slice(0, -1)}://${host}`;
}
