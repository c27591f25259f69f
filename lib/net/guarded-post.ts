import "server-only";
// The outbound URL guard, part two: at connect time. The host is resolved once, EVERY address it
// resolves to must be allowed (one private answer among public ones refuses it), and the socket
// connects to the address that was checked — the `lookup` handed to the socket returns it, so a
// second DNS answer (DNS rebinding: public when saved, 127.0.0.1 when sent) is never asked for.
// Used by the webhook worker, and by the gateway adapters' client (lib/gateways/http-client.ts);
// the settings and instance services vet at save time too (lib/net/vet-on-save.ts).
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { classifyIp } from "@/lib/net/ip-class";
import { type AddressPolicy, addressAllowed, checkUrl, PUBLIC_ONLY, refusal } from "@/lib/net/public-url";

export type Resolver = (hostname: string) => Promise<string[]>;

/** The system's resolver (getaddrinfo: /etc/hosts, then DNS), every address of the name. */
const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type GuardOptions = {
  policy: AddressPolicy;
  resolver?: Resolver;
  /** Test-only names answered without DNS and allowed although private (TEST_HOST_MAP). */
  testHosts?: ReadonlyMap<string, string>;
};

/** Webhook URLs are always public (SPEC §3); gateways may be private if the operator says so (§6). */
export const webhookPolicy: AddressPolicy = PUBLIC_ONLY;
export const gatewayPolicy = (): AddressPolicy => ({ allowPrivate: env().ALLOW_PRIVATE_GATEWAYS });

export type Vetted = { ok: true; url: URL; address: string } | { ok: false; reason: "refused" | "unresolved"; message: string };

export async function vetUrl(value: string, options: GuardOptions): Promise<Vetted> {
  const checked = checkUrl(value, options.policy);
  if (!checked.ok) return { ok: false, reason: "refused", message: checked.message };
  const { url, hostname } = checked;
  if (checked.literal) return { ok: true, url, address: hostname };
  const mapped = (options.testHosts ?? env().TEST_HOST_MAP).get(hostname);
  if (mapped) return { ok: true, url, address: mapped };
  let addresses: string[] = [];
  try {
    addresses = await (options.resolver ?? systemResolver)(hostname);
  } catch {
    // Unknown name, resolver down: nothing to connect to, nothing to refuse.
  }
  if (addresses.length === 0) return { ok: false, reason: "unresolved", message: `${hostname} does not resolve` };
  for (const address of addresses) {
    const kind = classifyIp(address) ?? "reserved";
    if (!addressAllowed(kind, options.policy)) return { ok: false, reason: "refused", message: refusal(`${hostname} (${address})`, kind) };
  }
  return { ok: true, url, address: addresses[0] };
}

/** `unreachable` covers refused, reset, unreachable, timed out and unresolved alike (no port-scan oracle). */
export type PostOutcome = { kind: "response"; status: number } | { kind: "refused"; message: string } | { kind: "unreachable" };

/** POSTs `body` to a vetted, pinned address; the timeout covers resolving, connecting and the answer's head. */
export async function guardedPost(
  value: string,
  init: GuardOptions & { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<PostOutcome> {
  const signal = AbortSignal.timeout(init.timeoutMs);
  const vetted = await Promise.race([vetUrl(value, init), aborted(signal)]);
  if (!vetted?.ok)
    return vetted?.ok === false && vetted.reason === "refused" ? { kind: "refused", message: vetted.message } : { kind: "unreachable" };
  const { url, address } = vetted;
  const family = isIP(address);
  const pinned = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
    options.all ? callback(null, [{ address, family }]) : callback(null, address, family)) as unknown as LookupFunction;
  return new Promise((resolve) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
        agent: false,
        lookup: pinned,
        signal,
      },
      (response) => {
        resolve({ kind: "response", status: response.statusCode ?? 0 });
        response.destroy(); // the status is all we keep; never wait for (or buffer) a body
      },
    );
    request.on("error", () => resolve({ kind: "unreachable" }));
    request.end(init.body);
  });
}

function aborted(signal: AbortSignal): Promise<null> {
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(null), { once: true }));
}
