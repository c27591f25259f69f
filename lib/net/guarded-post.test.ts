// The guard at connect time: names are resolved once, every answer must be allowed, and the
// socket goes to the address that was checked (DNS rebinding).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { guardedPost, type Resolver, vetUrl } from "@/lib/net/guarded-post";
import { PUBLIC_ONLY } from "@/lib/net/public-url";

const NO_TEST_HOSTS = new Map<string, string>();
const answers = (...lists: string[][]): Resolver & ReturnType<typeof vi.fn> => {
  const fn = vi.fn<Resolver>();
  for (const list of lists) fn.mockResolvedValueOnce(list);
  return fn as never;
};

describe("vetUrl", () => {
  it.each([
    ["resolves to loopback", ["127.0.0.1"]],
    ["resolves to IPv6 loopback", ["::1"]],
    ["resolves to metadata", ["169.254.169.254"]],
    ["resolves to a private address", ["10.1.2.3"]],
    ["has ONE private answer among public ones", ["93.184.216.34", "192.168.0.10"]],
    ["resolves to an IPv4-mapped loopback", ["::ffff:127.0.0.1"]],
  ])("refuses a name that %s", async (_why, addresses) => {
    const vetted = await vetUrl("https://hooks.example.com/x", {
      policy: PUBLIC_ONLY,
      resolver: answers(addresses),
      testHosts: NO_TEST_HOSTS,
    });
    expect(vetted).toMatchObject({
      ok: false,
      reason: "refused",
      message: expect.stringContaining(`hooks.example.com (${addresses.at(-1)})`),
    });
  });

  it("accepts a name whose every answer is public and pins the first", async () => {
    const vetted = await vetUrl("https://hooks.example.com/x", {
      policy: PUBLIC_ONLY,
      resolver: answers(["93.184.216.34", "2606:2800:220:1::1"]),
      testHosts: NO_TEST_HOSTS,
    });
    expect(vetted).toMatchObject({ ok: true, address: "93.184.216.34" });
  });

  it("refuses localhost by name before asking any resolver", async () => {
    const resolver = answers(["93.184.216.34"]);
    expect(await vetUrl("http://localhost:3000/", { policy: PUBLIC_ONLY, resolver, testHosts: NO_TEST_HOSTS })).toMatchObject({
      ok: false,
      reason: "refused",
    });
    expect(resolver).not.toHaveBeenCalled();
  });

  it("asks the system resolver by default", async () => {
    const vetted = await vetUrl("http://nr-does-not-exist.invalid/", { policy: PUBLIC_ONLY, testHosts: NO_TEST_HOSTS });
    expect(vetted).toMatchObject({ ok: false, reason: "unresolved" });
  });

  it("lets only the operator's test names through to a private address", async () => {
    const testHosts = new Map([["receiver.test", "127.0.0.1"]]);
    expect(await vetUrl("http://receiver.test:9/", { policy: PUBLIC_ONLY, testHosts })).toMatchObject({ ok: true, address: "127.0.0.1" });
    expect(await vetUrl("http://127.0.0.1:9/", { policy: PUBLIC_ONLY, testHosts })).toMatchObject({ ok: false, reason: "refused" });
  });
});

describe("guardedPost", () => {
  let server: Server;
  let port = 0;
  const seen: { host?: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req
        .on("data", (c) => (body += c))
        .on("end", () => {
          seen.push({ host: req.headers.host, body });
          res.statusCode = 204;
          res.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("connects to the address it checked: a second DNS answer is never asked for", async () => {
    // First answer: loopback (allowed here, as for a private gateway); any later answer would
    // point elsewhere. The request must reach this server, and the resolver be asked once.
    const resolver = answers(["127.0.0.1"], ["10.255.255.1"], ["10.255.255.1"]);
    const outcome = await guardedPost(`http://gateway.example.com:${port}/send`, {
      policy: { allowPrivate: true },
      resolver,
      testHosts: NO_TEST_HOSTS,
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
      timeoutMs: 5_000,
    });
    expect(outcome).toEqual({ kind: "response", status: 204 });
    expect(resolver).toHaveBeenCalledTimes(1);
    expect(seen.at(-1)).toEqual({ host: `gateway.example.com:${port}`, body: '{"a":1}' });
  });

  it("refuses, without connecting, a public-looking name that resolves to loopback", async () => {
    const before = seen.length;
    const outcome = await guardedPost(`http://rebind.example.com:${port}/`, {
      policy: PUBLIC_ONLY,
      resolver: answers(["127.0.0.1"]),
      testHosts: NO_TEST_HOSTS,
      headers: {},
      body: "{}",
      timeoutMs: 5_000,
    });
    expect(outcome).toMatchObject({ kind: "refused" });
    expect(seen.length).toBe(before);
  });

  it("reports a closed port, a dead name, a hung resolver and a hung receiver the same way", async () => {
    const hung = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    const silent = await guardedPost(`http://127.0.0.1:${(hung.address() as AddressInfo).port}/`, {
      policy: { allowPrivate: true },
      testHosts: NO_TEST_HOSTS,
      headers: {},
      body: "{}",
      timeoutMs: 300,
    });
    hung.closeAllConnections();
    hung.close();
    expect(silent).toEqual({ kind: "unreachable" });
    const closed = await guardedPost("http://127.0.0.1:9/", {
      policy: { allowPrivate: true },
      testHosts: NO_TEST_HOSTS,
      headers: {},
      body: "{}",
      timeoutMs: 2_000,
    });
    const dead = await guardedPost("http://x.example.com/", {
      policy: PUBLIC_ONLY,
      resolver: answers([]),
      testHosts: NO_TEST_HOSTS,
      headers: {},
      body: "{}",
      timeoutMs: 2_000,
    });
    const slow = await guardedPost("http://slow.example.com/", {
      policy: PUBLIC_ONLY,
      resolver: () => new Promise(() => undefined),
      testHosts: NO_TEST_HOSTS,
      headers: {},
      body: "{}",
      timeoutMs: 200,
    });
    expect([closed, dead, slow]).toEqual([{ kind: "unreachable" }, { kind: "unreachable" }, { kind: "unreachable" }]);
  });
});
