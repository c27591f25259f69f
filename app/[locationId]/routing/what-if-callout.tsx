import { GitCompareArrowsIcon } from "lucide-react";
import { instanceTag, ruleLabel } from "@/components/common/format";
import { choseNumber, type DecisionView } from "@/lib/routing/decision-view";

function summary(d: DecisionView) {
  if (!choseNumber(d)) return `fails with ${d.errorCode} ${d.errorName}`;
  return `${d.instance ? `${instanceTag(d.channel, d.instance.index)} ${d.instance.label}` : "—"} by ${ruleLabel(d.rule).toLowerCase()}`;
}

export function WhatIfCallout({ actual, whatIf }: { actual: DecisionView; whatIf: DecisionView }) {
  const same = summary(actual) === summary(whatIf);
  return (
    <div
      role="status"
      data-testid="what-if-callout"
      className="flex items-start gap-2 rounded-lg border border-info/40 bg-info/10 p-4 text-sm"
    >
      <GitCompareArrowsIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <p>
        {same ? (
          <>
            The what-if does not change the decision: <strong>{summary(actual)}</strong>.
          </>
        ) : (
          <>
            Today: <strong>{summary(actual)}</strong>. With the what-if: <strong>{summary(whatIf)}</strong>.
          </>
        )}
      </p>
    </div>
  );
}
