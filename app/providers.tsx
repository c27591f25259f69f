"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "next-auth/react";
import { type ReactNode, useState } from "react";
import { z } from "zod";
import { Toaster } from "@/components/ui/sonner";

// In the browser, zod must not probe for eval (its JIT tries `Function("")`): the
// Content-Security-Policy forbids it and reports a violation (lib/security/headers.mjs).
// The server keeps the JIT: no CSP applies there.
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  // One QueryClient per browser tab; live events invalidate its queries.
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false } } }),
  );
  return (
    <SessionProvider refetchOnWindowFocus={false}>
      <QueryClientProvider client={queryClient}>
        {children}
        <Toaster />
      </QueryClientProvider>
    </SessionProvider>
  );
}
