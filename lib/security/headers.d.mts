// Types of headers.mjs (plain ESM so that next.config.mjs can load it uncompiled).
export function contentSecurityPolicy(options?: { nonce?: string; dev?: boolean }): string;
export const fixedSecurityHeaders: { key: string; value: string }[];
