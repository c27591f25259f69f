import { CheckIcon, CircleDashedIcon, CornerDownRightIcon, XIcon } from "lucide-react";
import { ruleLabel } from "@/components/common/format";
import type { TraceEntry } from "@/lib/engine/types";
import { cn } from "@/lib/utils";

const OUTCOME = {
  matched: { label: "Matched", icon: CheckIcon, tone: "border-success/40 bg-success/10 text-success" },
  failed: { label: "Failed", icon: XIcon, tone: "border-destructive/40 bg-destructive/10 text-destructive" },
  skipped: { label: "Skipped", icon: CornerDownRightIcon, tone: "border-border bg-muted text-muted-foreground" },
  not_reached: { label: "Not reached", icon: CircleDashedIcon, tone: "border-dashed border-border text-muted-foreground" },
} as const;

/** The six rules in priority order, each with its outcome and the reason in words. */
export function RuleLadder({ trace, label = "Rule ladder" }: { trace: TraceEntry[]; label?: string }) {
  return (
    <ol aria-label={label} className="grid gap-2">
      {trace.map((entry) => {
        const o = OUTCOME[entry.outcome] ?? OUTCOME.skipped;
        const Icon = o.icon;
        return (
          <li
            key={entry.step}
            data-rule={entry.rule}
            data-outcome={entry.outcome}
            className={cn(
              "grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 rounded-md border px-3 py-2",
              entry.outcome === "matched" && "border-success/40 bg-success/5",
              entry.outcome === "failed" && "border-destructive/40 bg-destructive/5",
              entry.outcome === "not_reached" && "opacity-70",
            )}
          >
            <span
              className={cn("row-span-2 mt-0.5 flex size-6 items-center justify-center rounded-full border text-xs", o.tone)}
              aria-hidden
            >
              <Icon className="size-3.5" />
            </span>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="text-sm font-medium">
                {entry.step}. {ruleLabel(entry.rule)}
              </span>
              <span className="font-mono text-[11px] text-muted-foreground">{entry.rule}</span>
              <span
                className={cn(
                  "ml-auto text-xs font-medium",
                  entry.outcome === "matched" ? "text-success" : entry.outcome === "failed" ? "text-destructive" : "text-muted-foreground",
                )}
              >
                {o.label}
              </span>
            </div>
            <p className="text-sm text-muted-foreground">{entry.detail}</p>
          </li>
        );
      })}
    </ol>
  );
}
