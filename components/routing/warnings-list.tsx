import { TriangleAlertIcon } from "lucide-react";
import type { Warning } from "@/lib/engine/types";

export function WarningsList({ warnings }: { warnings: Warning[] }) {
  if (warnings.length === 0) return <p className="text-sm text-muted-foreground">No warnings.</p>;
  return (
    <ul className="grid gap-1.5" aria-label="Warnings">
      {warnings.map((w, i) => (
        <li key={`${w.code}-${i}`} className="flex items-start gap-2 text-sm">
          <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
          <span>
            {w.message} <span className="font-mono text-[11px] text-muted-foreground">{w.code}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
