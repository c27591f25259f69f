import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import type * as React from "react";

/** The way back from a detail page to its list, above the page header. */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
      <ArrowLeftIcon className="size-4" aria-hidden /> {children}
    </Link>
  );
}
