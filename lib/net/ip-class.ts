// What kind of network an IP address belongs to, for the outbound URL guard (lib/net/public-url).
// Pure (no Node APIs): the settings form runs it in the browser too. Works on bytes, so every
// spelling of one address (IPv4-mapped IPv6, NAT64, 6to4) lands in the class of the IPv4 inside.

export type IpClass =
  | "public"
  | "loopback"
  | "private"
  | "cgnat"
  | "unique_local"
  | "link_local"
  | "metadata"
  | "unspecified"
  | "multicast"
  | "reserved";

/** The address's bytes (4 or 16), or null when the text is not an IP address. */
export function parseIp(text: string): Uint8Array | null {
  const address = text.replace(/^\[|\]$/g, "").split("%")[0]; // brackets of URLs, zone of link-local
  return address.includes(":") ? parseIpv6(address) : parseIpv4(address);
}

export function classifyIp(text: string): IpClass | null {
  const bytes = parseIp(text);
  if (!bytes) return null;
  return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}

function classifyV4([a, b, c, d]: Uint8Array): IpClass {
  if (a === 100 && b === 100 && c === 100 && d === 200) return "metadata"; // Alibaba Cloud
  if (a === 0) return "unspecified"; // "this network": 0.0.0.0 reaches the local host on Linux
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b >= 64 && b <= 127) return "cgnat";
  if (a === 169 && b === 254) return "link_local"; // 169.254.169.254: AWS, GCP, Azure metadata
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240) return "reserved"; // includes 255.255.255.255
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return "reserved"; // IETF assignments, documentation
  if ((a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113))
    return "reserved";
  if (a === 192 && b === 88 && c === 99) return "reserved"; // 6to4 relay anycast
  return "public";
}

function classifyV6(bytes: Uint8Array): IpClass {
  const word = (i: number) => (bytes[2 * i] << 8) | bytes[2 * i + 1];
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return "unspecified";
  if (zeros(0, 15) && bytes[15] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  if (zeros(0, 10) && word(5) === 0xffff) return classifyV4(bytes.slice(12));
  if (word(0) === 0x64 && word(1) === 0xff9b && zeros(4, 12)) return classifyV4(bytes.slice(12));
  if (word(0) === 0x2002) return classifyV4(bytes.slice(2, 6)); // 6to4 embeds its IPv4 relay
  if (zeros(0, 12)) return "reserved"; // deprecated IPv4-compatible ::a.b.c.d
  if (word(0) === 0xfd00 && word(1) === 0x0ec2 && zeros(4, 14) && word(7) === 0x254) return "metadata"; // AWS IPv6
  if ((bytes[0] & 0xfe) === 0xfc) return "unique_local"; // fc00::/7
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) return "link_local"; // fe80::/10
  if (bytes[0] === 0xff) return "multicast";
  if (word(0) === 0x64 && word(1) === 0xff9b) return "private"; // 64:ff9b:1::/48, local-use NAT64
  if (word(0) === 0x2001 && (word(1) === 0 || word(1) === 0x0db8)) return "reserved"; // Teredo, documentation
  return (bytes[0] & 0xe0) === 0x20 ? "public" : "reserved"; // only 2000::/3 is global unicast
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return Uint8Array.from(parts.map(Number));
}

function parseIpv6(text: string): Uint8Array | null {
  let tail: number[] = [];
  let head = text;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    head = `${text.slice(0, lastColon + 1)}0`; // placeholder group, dropped below
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (tail.length) (right.length ? right : left).pop();
  const words = [...left, ...right].map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
  if (words.some(Number.isNaN)) return null;
  const fill = 8 - words.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const all = [...left.map((g) => parseInt(g, 16)), ...Array(fill).fill(0), ...right.map((g) => parseInt(g, 16)), ...tail];
  const bytes = new Uint8Array(16);
  for (const [i, w] of all.entries()) {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  }
  return bytes;
}
