import { isIP } from "node:net";

/**
 * The client address used for per-IP sign-in throttling, or null for none.
 *
 * Next.js keeps an X-Forwarded-For the client sent and only fills it in from the socket when
 * it is absent, so the header is anyone's to write unless a proxy in front appends to it. With
 * `TRUST_PROXY=n` (n reverse proxies, each appending the address it saw, as nginx's
 * `$proxy_add_x_forwarded_for` does) the client is the n-th entry from the right: everything
 * left of it is what the client claimed and is ignored. With 0 (the default) the header is not
 * trusted at all and there is no per-IP key — the per-account throttle still applies.
 */
export function clientIp(forwardedFor: string | string[] | null | undefined, trustedHops: number): string | null {
  if (trustedHops < 1 || !forwardedFor) return null;
  const hops = [forwardedFor]
    .flat()
    .join(",")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (!hops.length) return null;
  return normalize(hops[Math.max(0, hops.length - trustedHops)]);
}

/** An address as one key: no port, no brackets, IPv4-mapped IPv6 as IPv4; anything else is null. */
function normalize(hop: string): string | null {
  let address = hop;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(address) ? address : null;
}
