// The one security-headers policy (issue 9 finding 3). Plain ESM because next.config.mjs loads it
// before anything is compiled; proxy.ts imports it too. next.config.mjs sends the fixed headers on
// every response and this CSP (without a nonce) on API routes; proxy.ts sends the CSP with a fresh
// nonce on every page, which Next.js puts on its own inline and bundle scripts
// (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md): no inline script
// without this request's nonce runs, so an injected <script> cannot.

/**
 * @param {{ nonce?: string; dev?: boolean }} options
 * @returns {string}
 */
export function contentSecurityPolicy({ nonce, dev = false } = {}) {
  const script = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    // React needs eval in development only (server error stacks); never in production.
    `script-src ${script}${dev ? " 'unsafe-eval'" : ""}`,
    // Radix and Recharts position things with style attributes, which nonces cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Sent on every response. HSTS always: browsers ignore it over plain http (RFC 6797 §8.1) and
 * obey it over https, whatever the public URL is — which next.config.mjs cannot know, since its
 * headers are fixed at build time. No includeSubDomains: the app does not own its parent domain.
 * @type {{ key: string; value: string }[]}
 */
export const fixedSecurityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
];
