import { contentSecurityPolicy, fixedSecurityHeaders } from "./lib/security/headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  // The security headers (lib/security/headers.mjs). Pages get their CSP, with a per-request
  // nonce, from proxy.ts; everything else (API routes, auth callbacks) the nonce-less one here.
  async headers() {
    return [
      { source: "/:path*", headers: fixedSecurityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: contentSecurityPolicy() }] },
    ];
  },
};

export default nextConfig;
