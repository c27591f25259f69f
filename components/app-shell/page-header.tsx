import type * as React from "react";

import { cn } from "@/lib/utils";
import { TitleBlock } from "./title-block";

type PageHeaderProps = {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Buttons etc., right-aligned on wide screens, below the title on narrow ones. */
  actions?: React.ReactNode;
  className?: string;
};

export function PageHeader({ title, description, actions, className }: PageHeaderProps) {
  return (
    <div data-slot="page-header" className={cn("mb-6 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between", className)}>
      <TitleBlock
        level="h1"
        title={title}
        description={description}
        className="min-w-0"
        titleClassName="text-xl font-semibold tracking-tight"
      />
      {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
