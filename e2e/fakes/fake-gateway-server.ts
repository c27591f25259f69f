// The common harness of the fake gateways (no vendor is reachable from here, SPEC §6 tests): a
// real HTTP server on loopback that records every request exactly as it arrived and can be told to
// misbehave the ways real gateways do — refuse connections (down), answer 5xx or 429 with
// Retry-After, or take the request and never answer (a timeout after the request was received).
// Each vendor's fake (fake-evolution-api.ts, fake-waha.ts, fake-bluebubbles.ts, fake-twilio.ts,
// fake-webhook-gateway.ts) adds that vendor's documented routes on top, and posts that vendor's
// documented webhooks to our inbound URL. Used by the adapter tests (Vitest), the API tests
// (Playwright) and `npm run simulate`.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
};

export type FakeReply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A route answers a request (JSON bodies are serialised; a string body is sent as is). */
export type FakeRoute = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Matched against the path; named groups become `params`. */
  pattern: RegExp;
  handle: (request: RecordedRequest, params: Record<string, string>) => FakeReply | Promise<FakeReply>;
};

/** What the next requests meet instead of the route (consumed one per request, in order). */
export type Misbehaviour =
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  /** Read the request, then never answer (the client times out after it was received). */
  | { kind: "hang" }
  /** Read the request, let the route handle it (the gateway did the work), then never answer. */
  | { kind: "hang_after_processing" };

export class FakeGatewayServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: FakeRoute[] = [];
  private readonly queue: Misbehaviour[] = [];
  private server: http.Server | null = null;
  private readonly hung = new Set<http.ServerResponse>();
  private port = 0;

  constructor(routes: FakeRoute[] = []) {
    this.routes.push(...routes);
  }

  route(route: FakeRoute): this {
    this.routes.push(route);
    return this;
  }

  /** The base URL (http://127.0.0.1:PORT). Only valid while started. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on `port`, or a free one; a restarted fake keeps its port). */
  async start(port = this.port): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening: connections are refused until `start()` again (the gateway is down). */
  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next requests (one each) meet these instead of their route. */
  misbehave(...next: Misbehaviour[]): this {
    this.queue.push(...next);
    return this;
  }

  /** Requests to paths matching `pattern` (and `method`, when given). */
  received(pattern: RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));
  }

  clear(): void {
    this.requests.length = 0;
    this.queue.length = 0;
  }

  /** As new: no requests, no misbehaviour, and (in each vendor's fake) no stored messages and its default state. */
  reset(): void {
    this.clear();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      at: Date.now(),
    };
    this.requests.push(recorded);
    const trouble = this.queue.shift();
    if (trouble?.kind === "hang") {
      this.hung.add(res);
      return;
    }
    if (trouble?.kind === "status") return send(res, { status: trouble.status, body: trouble.body, headers: trouble.headers });
    const reply = await this.answer(recorded);
    if (trouble?.kind === "hang_after_processing") {
      this.hung.add(res);
      return;
    }
    send(res, reply);
  }

  private async answer(request: RecordedRequest): Promise<FakeReply> {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (match) {
        try {
          return await route.handle(request, { ...match.groups });
        } catch (error) {
          return { status: 500, body: { message: String(error) } };
        }
      }
    }
    return { status: 404, body: { message: `Cannot ${request.method} ${request.path}` } };
  }
}

function send(res: http.ServerResponse, reply: FakeReply): void {
  const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  const type = typeof reply.body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  res.writeHead(reply.status, { "content-type": type, ...reply.headers });
  res.end(text);
}

/** POSTs a webhook the way a gateway does (used by each fake's `emit…` helpers). */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, body: await response.text(), headers: response.headers };
}
