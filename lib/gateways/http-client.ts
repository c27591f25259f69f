import "server-only";
// The gateway adapters' HTTP client (lib/gateways/types.ts HttpClient): the URL guard of
// guarded-post.ts (resolved once, every address checked, the socket pinned to the checked address)
// with the answer's status, headers and body (at most 256 KB), and one distinction the outbox
// lives by: a request that never reached the gateway (`not_sent`: safe to send again) versus one
// that went out and got no answer (`unknown`: it may have been processed).
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { HttpClient, HttpResult } from "@/lib/gateways/types";
import { type GuardOptions, gatewayPolicy, vetUrl } from "@/lib/net/guarded-post";

const MAX_BODY = 256 * 1024;

/** The client every call to a gateway goes through (send, lookup, test, completing a webhook): the gateway URL policy. */
export function gatewayHttpClient(): HttpClient {
  return guardedHttpClient({ policy: gatewayPolicy() });
}

export function guardedHttpClient(options: GuardOptions): HttpClient {
  return async (request): Promise<HttpResult> => {
    const deadline = Date.now() + request.timeoutMs;
    const vetted = await vetUrl(request.url, options);
    if (!vetted.ok)
      return vetted.reason === "refused" ? { kind: "blocked", reason: vetted.message } : { kind: "not_sent", reason: vetted.message };
    const { url, address } = vetted;
    const family = isIP(address);
    const pinned = ((_host: string, o: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      o.all ? callback(null, [{ address, family }]) : callback(null, address, family)) as unknown as LookupFunction;
    const body = request.body ?? "";
    return new Promise<HttpResult>((resolve) => {
      let written = false;
      let settled = false;
      const settle = (result: HttpResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = (url.protocol === "https:" ? https : http).request(
        url,
        {
          method: request.method,
          headers: { ...request.headers, ...(request.method === "POST" && { "content-length": String(Buffer.byteLength(body)) }) },
          agent: false,
          lookup: pinned,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_BODY) chunks.push(chunk);
          });
          response.on("end", () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
            }
            settle({ kind: "response", status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
          });
          response.on("error", () => settle({ kind: "unknown", reason: "The gateway's answer broke off" }));
        },
      );
      const timer = setTimeout(
        () => {
          req.destroy();
          settle(
            written
              ? { kind: "unknown", reason: `No answer within ${request.timeoutMs} ms after the request was sent` }
              : { kind: "not_sent", reason: `Could not connect within ${request.timeoutMs} ms` },
          );
        },
        Math.max(1, deadline - Date.now()),
      );
      req.on("finish", () => {
        written = true;
      });
      req.on("error", (error: NodeJS.ErrnoException) =>
        settle(
          written
            ? { kind: "unknown", reason: `Connection lost after the request was sent (${error.code ?? error.message})` }
            : { kind: "not_sent", reason: `Gateway unreachable (${error.code ?? error.message})` },
        ),
      );
      req.end(body);
    });
  };
}
