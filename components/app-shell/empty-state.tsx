import type * as React from "react";

import { cn } from "@/lib/utils";
import { TitleBlock } from "./title-block";

type EmptyStateProps = {
  /** An icon element, e.g. `<InboxIcon />`. */
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Usually one primary `<Button>`. */
  action?: React.ReactNode;
  className?: string;
};

export function EmptyState({ icon, title, description, action, className }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn("flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center", className)}
    >
      {icon && (
        <div aria-hidden className="flex size-10 items-center justify-center rounded-lg bg-muted text-muted-foreground [&_svg]:size-5">
          {icon}
        </div>
      )}
      <TitleBlock level="h2" title={title} description={description} className="max-w-sm" titleClassName="text-sm font-semibold" />
      {action && <div className="mt-1 flex flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
}
