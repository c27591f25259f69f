import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";

describe("client IP for per-IP throttling", () => {
  it.each([
    // [X-Forwarded-For, TRUST_PROXY, expected]
    ["203.0.113.9", 0, null], // no proxy declared: the header is anyone's to write
    ["1.2.3.4, 203.0.113.9", 0, null],
    ["203.0.113.9", 1, "203.0.113.9"],
    ["1.2.3.4, 203.0.113.9", 1, "203.0.113.9"], // the client wrote 1.2.3.4; the proxy appended the rest
    ["1.2.3.4, 5.6.7.8, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"], // CDN then nginx
    ["203.0.113.9", 3, "203.0.113.9"], // fewer hops than proxies: the left-most
    ["::ffff:127.0.0.1", 1, "127.0.0.1"],
    ["[2001:db8::1]:443", 1, "2001:db8::1"],
    ["203.0.113.9:51234", 1, "203.0.113.9"],
    ["1.2.3.4, not-an-address", 1, null],
    ["", 1, null],
  ] as const)("%j with TRUST_PROXY=%i → %j", (header, hops, expected) => {
    expect(clientIp(header, hops)).toBe(expected);
  });

  it("reads a header given as several values", () => {
    expect(clientIp(["1.2.3.4", "203.0.113.9"], 1)).toBe("203.0.113.9");
  });
});
