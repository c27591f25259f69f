import { ArrowRightIcon } from "lucide-react";
import { channelLabel, displayPhone, instanceTag, ruleLabel } from "@/components/common/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { choseNumber, type DecisionView } from "@/lib/routing/decision-view";
import { ErrorExplainer } from "./error-explainer";
import { HighlightedBody } from "./highlighted-body";
import { RuleLadder } from "./rule-ladder";
import { WarningsList } from "./warnings-list";

/** The chosen number (or the error), rule, bodies, the six-step ladder and warnings. */
export function DecisionCard({
  title,
  description,
  decision,
  testId,
}: {
  title: string;
  description?: string;
  decision: DecisionView;
  testId?: string;
}) {
  return (
    <Card data-testid={testId} aria-label={title}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent className="grid gap-5">
        <DecisionHeadline decision={decision} />
        <section className="grid gap-2" aria-label="Message body">
          <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Requested body</h3>
          <p className="rounded-md border bg-muted/40 px-3 py-2 text-sm">
            <HighlightedBody body={decision.requestedBody} channel={decision.channel} />
          </p>
          <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
            {choseNumber(decision) ? "Delivered body" : "Body that would have been delivered"}
          </h3>
          <p className="rounded-md border px-3 py-2 text-sm whitespace-pre-wrap" data-testid="delivered-body">
            {decision.body || <span className="text-muted-foreground">(empty)</span>}
          </p>
        </section>
        <section className="grid gap-2">
          <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Rule ladder</h3>
          <RuleLadder trace={decision.trace} />
        </section>
        <section className="grid gap-2">
          <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Warnings</h3>
          <WarningsList warnings={decision.warnings} />
        </section>
      </CardContent>
    </Card>
  );
}

function DecisionHeadline({ decision }: { decision: DecisionView }) {
  if (!choseNumber(decision)) {
    return (
      <div className="grid gap-2" data-testid="decision-error">
        <ErrorExplainer code={decision.errorCode} name={decision.errorName} />
        {decision.instance && (
          <p className="text-sm text-muted-foreground">
            The rule resolved to {instanceTag(decision.channel, decision.instance.index)} {decision.instance.label} (
            {displayPhone(decision.instance.phone)}).
          </p>
        )}
      </div>
    );
  }
  return (
    <div
      className="flex flex-wrap items-center gap-3 rounded-md border border-success/40 bg-success/5 px-4 py-3"
      data-testid="decision-chosen"
    >
      <div className="grid">
        <span className="text-xs text-muted-foreground">{channelLabel(decision.channel)} number</span>
        <span className="text-lg font-semibold" data-testid="chosen-instance">
          {decision.instance ? `${instanceTag(decision.channel, decision.instance.index)} ${decision.instance.label}` : "—"}
        </span>
        <span className="font-mono text-xs text-muted-foreground">{displayPhone(decision.instance?.phone)}</span>
      </div>
      <ArrowRightIcon className="size-4 text-muted-foreground" aria-hidden />
      <div className="grid">
        <span className="text-xs text-muted-foreground">Decided by</span>
        <span className="font-medium" data-testid="decided-rule" data-rule={decision.rule ?? ""}>
          {ruleLabel(decision.rule)}
        </span>
        <span className="font-mono text-xs text-muted-foreground">{decision.rule}</span>
      </div>
    </div>
  );
}
