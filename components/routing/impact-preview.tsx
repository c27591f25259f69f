"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRightIcon, CircleXIcon, LoaderCircleIcon } from "lucide-react";
import { displayPhone, instanceTag } from "@/components/common/format";
import { ConfirmDialog, type ConfirmDialogProps } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { ERROR_CODES } from "@/lib/engine/errors";
import type { ImpactRow, RouteImpactPreview } from "@/lib/routing/route-impact";

/**
 * What a configuration change would do to recent traffic (SPEC §4 "Impact preview"), read by the
 * caller's `load` (the page's server action): the app owns the action, this folder only draws.
 * `key` names the change: a reopened dialog shows its last answer at once while it is replayed again.
 */
export type ImpactSource = { key: readonly unknown[]; days: number; load: () => Promise<RouteImpactPreview> };

/** The preview with its loading and error states. */
export function ImpactPreview({ source }: { source: ImpactSource }) {
  const impact = useQuery({ queryKey: source.key, queryFn: source.load, retry: false });
  if (impact.isPending) {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="impact-loading">
        <LoaderCircleIcon className="size-4 animate-spin" aria-hidden />
        Replaying the last {days(source.days)} with the change…
      </p>
    );
  }
  if (impact.isError) {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-2 rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
        <CircleXIcon className="size-4 text-destructive" aria-hidden />
        <span className="flex-1">Could not compute the impact: {impact.error.message}</span>
        <Button variant="outline" size="sm" onClick={() => void impact.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  return <ImpactSummary impact={impact.data} days={source.days} />;
}

/** A confirmation that shows the change's impact before the admin confirms it. */
export function ImpactConfirmDialog({ source, ...props }: Omit<ConfirmDialogProps, "children" | "className"> & { source: ImpactSource }) {
  return (
    <ConfirmDialog destructive={false} {...props} className="sm:max-w-2xl">
      <ImpactPreview source={source} />
    </ConfirmDialog>
  );
}

function ImpactSummary({ impact, days: window }: { impact: RouteImpactPreview; days: number }) {
  const moved = impact.changed.reduce((sum, row) => sum + row.messages, 0);
  const errors = Object.entries(impact.newErrors).sort(([a], [b]) => (a < b ? -1 : 1));
  const newErrors = errors.reduce((sum, [, count]) => sum + count, 0);
  return (
    <section className="grid gap-3" aria-label="Impact on recent traffic" data-testid="impact-preview">
      <p className="text-sm">
        <span className="text-muted-foreground">Last {days(window)}: </span>
        <span className="font-medium" data-testid="impact-summary">
          {count(moved)} of {plural(impact.replayed, "message")}, {plural(impact.contacts, "contact")}, would use another number;{" "}
          {plural(newErrors, "new error")}
        </span>
      </p>
      {impact.changed.length > 0 && (
        // A list rather than a table: it stays readable in the Routing page's narrow what-if card.
        <ul className="max-h-64 divide-y overflow-y-auto rounded-md border text-sm" aria-label="Messages that would change">
          {impact.changed.map((row) => (
            <li
              key={`${key(row.from)}>${key(row.to)}`}
              className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 px-3 py-2"
              data-testid="impact-row"
            >
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <OutcomeLabel outcome={row.from} channels={impact.channels} />
                <ArrowRightIcon className="size-4 shrink-0 text-muted-foreground" aria-label="to" />
                <OutcomeLabel outcome={row.to} channels={impact.channels} />
              </div>
              <div className="text-right tabular-nums">
                <div>
                  <span className="font-medium">{count(row.messages)}</span> {row.messages === 1 ? "message" : "messages"}
                </div>
                <div className="text-xs text-muted-foreground">{plural(row.contacts, "contact")}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {errors.length > 0 && (
        <ul className="grid gap-1 text-sm" aria-label="New errors" data-testid="impact-new-errors">
          {errors.map(([code, n]) => (
            <li key={code} className="flex items-center gap-2">
              <CircleXIcon className="size-4 shrink-0 text-destructive" aria-hidden />
              <span>
                {plural(n, "message")} would fail with <ErrorName code={code} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Outcome = ImpactRow["from"];

function OutcomeLabel({ outcome, channels }: { outcome: Outcome; channels: Record<string, string> }) {
  if ("error" in outcome) return <ErrorName code={outcome.error} />;
  const channel = channels[outcome.id];
  return (
    <span className="grid">
      <span>
        <span className="font-medium">{channel ? instanceTag(channel, outcome.index) : `#${outcome.index}`}</span> {outcome.label}
      </span>
      {outcome.phone && <span className="whitespace-nowrap font-mono text-xs text-muted-foreground">{displayPhone(outcome.phone)}</span>}
    </span>
  );
}

function ErrorName({ code }: { code: number | string }) {
  const info = ERROR_CODES.find((e) => String(e.code) === String(code));
  return (
    <span className="text-destructive" title={info?.title}>
      {info ? (
        <>
          error {info.code} <span className="font-mono text-xs">{info.name}</span>
        </>
      ) : (
        <span className="font-mono text-xs">{code}</span>
      )}
    </span>
  );
}

function key(outcome: Outcome) {
  return "error" in outcome ? `e:${outcome.error}` : `i:${outcome.id}`;
}

const numbers = new Intl.NumberFormat("en-US");
function count(n: number) {
  return numbers.format(n);
}
function plural(n: number, noun: string) {
  return `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
}
function days(n: number) {
  return n === 1 ? "day" : `${n} days`;
}
