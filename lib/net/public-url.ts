// The outbound URL guard, part one: what can be said from the URL alone (SPEC §3: webhook URLs
// must be public; §6: gateway URLs may be private only when the operator allows it). Pure and
// synchronous, so the settings schema (forms and API alike) refuses a bad URL with a message on
// the field. Part two, lib/net/guarded-post.ts, resolves the host when connecting (DNS rebinding)
// and applies the same rules to every address it gets.
import { classifyIp, type IpClass } from "@/lib/net/ip-class";

/** `allowPrivate`: self-hosted gateways on the operator's network (ALLOW_PRIVATE_GATEWAYS). */
export type AddressPolicy = { allowPrivate: boolean };

export const PUBLIC_ONLY: AddressPolicy = { allowPrivate: false };

// The classes a private network's own services live in. Metadata, link-local, "this network"
// and multicast stay refused even then: no gateway lives there, cloud credentials do.
const PRIVATE_NETWORK: ReadonlySet<IpClass> = new Set(["loopback", "private", "cgnat", "unique_local"]);

export function addressAllowed(kind: IpClass, policy: AddressPolicy): boolean {
  return kind === "public" || (policy.allowPrivate && PRIVATE_NETWORK.has(kind));
}

export type UrlCheck = { ok: true; url: URL; hostname: string; literal: boolean } | { ok: false; message: string };

/**
 * Parses the URL the WHATWG way, as fetch and browsers do (`127.1`, `2130706433` and `0x7f000001`
 * all become 127.0.0.1), then refuses what is not an http(s) URL to an allowed address.
 */
export function checkUrl(value: string, policy: AddressPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: "Must be an http(s) URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, message: "Must be an http(s) URL" };
  if (url.username || url.password) return { ok: false, message: "Must not contain a user name or password" };
  const hostname = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const kind = hostname === "localhost" || hostname.endsWith(".localhost") ? "loopback" : classifyIp(hostname);
  if (kind && !addressAllowed(kind, policy)) return { ok: false, message: refusal(url.hostname, kind) };
  return { ok: true, url, hostname, literal: kind !== null && hostname !== "localhost" && !hostname.endsWith(".localhost") };
}

/** The message on the field; for a name, `host` says what it resolved to: "hooks.example.com (10.0.0.5)". */
export function refusal(host: string, kind: IpClass): string {
  return `Must be a public address: ${host} is ${DESCRIPTION[kind]}`;
}

const DESCRIPTION: Record<IpClass, string> = {
  public: "public",
  loopback: "this server itself (loopback)",
  private: "a private network address",
  cgnat: "a carrier-grade NAT address",
  unique_local: "a private (unique-local) IPv6 address",
  link_local: "a link-local address (where cloud metadata lives)",
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address (0.0.0.0 reaches this server)",
  multicast: "a multicast address",
  reserved: "a reserved, non-routable address",
};
