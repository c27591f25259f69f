import type * as React from "react";

import { cn } from "@/lib/utils";

type TitleBlockProps = {
  /** The heading's level: h1 for a page, h2 inside one. */
  level: "h1" | "h2";
  title: React.ReactNode;
  description?: React.ReactNode;
  className?: string;
  titleClassName: string;
};

/** A heading with its muted description below (the page header's, an empty state's). */
export function TitleBlock({ level: Heading, title, description, className, titleClassName }: TitleBlockProps) {
  return (
    <div className={cn("grid gap-1", className)}>
      <Heading className={titleClassName}>{title}</Heading>
      {description && <p className="text-sm text-muted-foreground">{description}</p>}
    </div>
  );
}
