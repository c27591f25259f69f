import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

type ScryptParams = { N: number; r: number; p: number };
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const KEY_LENGTH = 64;

/**
 * Current cost: N=2^17, r=8, p=1 (OWASP's scrypt minimum). One hash needs 128·N·r bytes = 128 MiB
 * and about a quarter of a second of CPU on these machines; Node refuses more than 32 MiB unless
 * `maxmem` says otherwise, so it is set to twice the need. The parameters are written into every
 * hash, so hashes of an older cost still verify and are upgraded at the next sign-in (needsRehash).
 */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, KEY_LENGTH, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.key.length, parsed.params);
  return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
}

/** True when `stored` was made with other parameters than today's (or cannot be read). */
export function needsRehash(stored: string): boolean {
  const params = parseHash(stored)?.params;
  return !params || params.N !== SCRYPT_PARAMS.N || params.r !== SCRYPT_PARAMS.r || params.p !== SCRYPT_PARAMS.p;
}

/** Compared against when the email is unknown, so both paths cost one scrypt at today's cost. */
export const DUMMY_PASSWORD_HASH = `scrypt$N=${SCRYPT_PARAMS.N},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(KEY_LENGTH).toString("base64")}`;

function derive(password: string, salt: Buffer, length: number, { N, r, p }: ScryptParams) {
  return withHashSlot(() => scryptAsync(password.normalize("NFKC"), salt, length, { N, r, p, maxmem: 2 * 128 * N * r * p }));
}

// At most two hashes at a time per process. scrypt runs on libuv's pool of four threads, which
// file reads also use: a burst of sign-ins then queues here instead of starving the rest of the
// app, and memory stays at 2 × 128 MiB. A freed slot passes straight to the next in line.
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(run: () => Promise<T>): Promise<T> {
  if (running < MAX_CONCURRENT_HASHES) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await run();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * `scrypt$N=131072,r=8,p=1$salt$key` (today) or `scrypt$32768$salt$key` (before: r=8, p=1).
 * Parameters outside sane bounds are refused rather than run: a hash is never a way to make the
 * server allocate gigabytes.
 */
function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, spec, saltB64, keyB64, extra] = stored.split("$");
  if (scheme !== "scrypt" || !spec || !saltB64 || !keyB64 || extra !== undefined) return null;
  const params = /^\d+$/.test(spec) ? { N: Number(spec), r: 8, p: 1 } : parseSpec(spec);
  if (!params || !sane(params)) return null;
  const key = Buffer.from(keyB64, "base64");
  return key.length >= 16 ? { params, salt: Buffer.from(saltB64, "base64"), key } : null;
}

function parseSpec(spec: string): ScryptParams | null {
  const match = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(spec);
  return match ? { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) } : null;
}

function sane({ N, r, p }: ScryptParams) {
  const powerOfTwo = Number.isInteger(Math.log2(N));
  return powerOfTwo && N >= 2 ** 14 && r >= 1 && p >= 1 && p <= 4 && 128 * N * r <= 512 * 2 ** 20;
}
