"use client";

import { CircleCheckIcon, CircleXIcon, InfoIcon, LoaderCircleIcon, TriangleExclamationPointIcon } from "lucide-react";
import type { CSSProperties } from "react";
import { Toaster as Sonner, type ToasterProps } from "sonner";

/**
 * sonner's toaster in the theme's colours (shadcn's components/ui/sonner.tsx pattern). Mount once,
 * near the root; call sites use `toast.success(...)` / `toast.error(...)` from "sonner".
 * sonner injects its stylesheet as an inline <style>: lib/security/headers.mjs allows inline styles.
 */
function Toaster(props: ToasterProps) {
  return (
    <Sonner
      className="toaster group"
      duration={5000}
      visibleToasts={4}
      closeButton
      toastOptions={{ closeButtonAriaLabel: "Dismiss notification" }}
      icons={{
        success: <CircleCheckIcon className="size-4 text-success" />,
        info: <InfoIcon className="size-4 text-muted-foreground" />,
        warning: <TriangleExclamationPointIcon className="size-4 text-warning" />,
        error: <CircleXIcon className="size-4 text-destructive" />,
        loading: <LoaderCircleIcon className="size-4 animate-spin" />,
      }}
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
          "--border-radius": "var(--radius)",
        } as CSSProperties
      }
      {...props}
    />
  );
}

export { Toaster };
