import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/app/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Number Router", template: "%s · Number Router" },
  description: "Decides which phone number sends each WhatsApp, iMessage and SMS message — and shows why.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, even the 404 page: its scripts need this request's CSP
  // nonce (proxy.ts), which a page prerendered at build time could not carry.
  await connection();
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-background font-sans text-foreground antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
