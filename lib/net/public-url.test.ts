// The URL guard, table-driven: one row per way of writing an address that must not be reached.
import { describe, expect, it } from "vitest";
import { classifyIp } from "@/lib/net/ip-class";
import { checkUrl, PUBLIC_ONLY } from "@/lib/net/public-url";

const GATEWAY_ALLOWED = { allowPrivate: true };

// [url, class of its host (null: a name, decided when resolved), webhook allowed, private gateway allowed]
const ROWS: [string, string | null, boolean, boolean][] = [
  ["http://127.0.0.1/hooks", "loopback", false, true],
  ["http://127.1/", "loopback", false, true], // WHATWG: 127.1 is 127.0.0.1
  ["http://2130706433/", "loopback", false, true], // decimal
  ["http://0x7f000001/", "loopback", false, true], // hex
  ["http://0177.0.0.1/", "loopback", false, true], // octal
  ["http://[::1]:8080/", "loopback", false, true],
  ["http://[::ffff:127.0.0.1]/", "loopback", false, true], // IPv4-mapped
  ["http://[0:0:0:0:0:ffff:7f00:1]/", "loopback", false, true],
  ["http://[64:ff9b::7f00:1]/", "loopback", false, true], // NAT64
  ["http://[2002:7f00:1::]/", "loopback", false, true], // 6to4
  ["http://localhost:3000/", "loopback", false, true],
  ["http://LOCALHOST./", "loopback", false, true],
  ["http://api.localhost/", "loopback", false, true],
  ["http://0.0.0.0/", "unspecified", false, false],
  ["http://0/", "unspecified", false, false],
  ["http://[::]/", "unspecified", false, false],
  ["http://10.0.0.5/", "private", false, true],
  ["http://10.255.255.255/", "private", false, true],
  ["http://172.16.0.1/", "private", false, true],
  ["http://172.31.255.254/", "private", false, true],
  ["http://192.168.1.1/", "private", false, true],
  ["http://[::ffff:a00:1]/", "private", false, true], // ::ffff:10.0.0.1
  ["http://100.64.0.1/", "cgnat", false, true],
  ["http://100.127.255.254/", "cgnat", false, true],
  ["http://169.254.169.254/latest/meta-data/", "link_local", false, false],
  ["http://[::ffff:169.254.169.254]/", "link_local", false, false],
  ["http://[fe80::1]/", "link_local", false, false],
  ["http://[febf::1]/", "link_local", false, false],
  ["http://100.100.100.200/", "metadata", false, false],
  ["http://[fd00:ec2::254]/", "metadata", false, false],
  ["http://[fc00::1]/", "unique_local", false, true],
  ["http://[fd12:3456:789a::1]/", "unique_local", false, true],
  ["http://224.0.0.1/", "multicast", false, false],
  ["http://[ff02::1]/", "multicast", false, false],
  ["http://255.255.255.255/", "reserved", false, false],
  ["http://192.0.2.10/", "reserved", false, false],
  ["http://[2001:db8::1]/", "reserved", false, false],
  ["http://[::7f00:1]/", "reserved", false, false], // deprecated IPv4-compatible
  ["http://93.184.216.34/", "public", true, true],
  ["https://1.1.1.1:8443/x", "public", true, true],
  ["http://172.32.0.1/", "public", true, true],
  ["http://100.128.0.1/", "public", true, true],
  ["http://[2606:2800:220:1:248:1893:25c8:1946]/", "public", true, true],
  ["http://[::ffff:93.184.216.34]/", "public", true, true],
  ["https://hooks.example.com/number-router", null, true, true],
];

describe("checkUrl", () => {
  it.each(ROWS)("%s is %s (webhook %s, private gateway %s)", (url, kind, webhook, gateway) => {
    const host = new URL(url).hostname;
    if (kind !== null && !host.includes("localhost")) expect(classifyIp(host)).toBe(kind);
    expect(checkUrl(url, PUBLIC_ONLY).ok).toBe(webhook);
    expect(checkUrl(url, GATEWAY_ALLOWED).ok).toBe(gateway);
  });

  it("says why on the field", () => {
    expect(checkUrl("http://127.1/", PUBLIC_ONLY)).toEqual({
      ok: false,
      message: "Must be a public address: 127.0.0.1 is this server itself (loopback)",
    });
    expect(checkUrl("http://169.254.169.254/", GATEWAY_ALLOWED)).toMatchObject({
      ok: false,
      message: expect.stringContaining("link-local"),
    });
  });

  it.each([
    ["ftp://example.com/", "Must be an http(s) URL"],
    ["file:///etc/passwd", "Must be an http(s) URL"],
    ["javascript:alert(1)", "Must be an http(s) URL"],
    ["not a url", "Must be an http(s) URL"],
    ["https://user:secret@example.com/", "Must not contain a user name or password"],
    ["https://user@example.com/", "Must not contain a user name or password"],
  ])("refuses %s", (url, message) => {
    expect(checkUrl(url, GATEWAY_ALLOWED)).toEqual({ ok: false, message });
  });
});

describe("classifyIp", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["fe80::1%eth0", "link_local"],
    ["1:2:3:4:5:6:7:8", "reserved"],
    ["2a00:1450:4001:80b::200e", "public"],
    ["8.8.8.8", "public"],
  ])("%s → %s", (ip, kind) => expect(classifyIp(ip)).toBe(kind));

  it.each(["", "1.2.3", "1.2.3.256", "01.2.3.4", "1::2::3", "12345::", "example.com", "1.2.3.4.5"])("%s is not an address", (text) => {
    expect(classifyIp(text)).toBeNull();
  });
});
