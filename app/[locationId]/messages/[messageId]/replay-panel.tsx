"use client";

import { GitCompareArrowsIcon, RotateCcwIcon } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { actionErrors } from "@/components/common/action-result";
import { DecisionCard } from "@/components/routing/decision-card";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { replayMessageAction } from "../actions";

export function ReplayPanel({ locationId, messageId }: { locationId: string; messageId: string }) {
  const replay = useAction(replayMessageAction);
  const run = () => replay.execute({ locationId, messageId });
  const error = actionErrors(replay)._form;
  if (!replay.result.data) {
    return (
      <Card className="h-fit">
        <CardHeader>
          <CardTitle>Replay with today&apos;s configuration</CardTitle>
          <CardDescription>
            Runs the same engine on this message with today&apos;s instances, defaults, tags and assignments. A dry run: nothing is sent.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <Button onClick={run} disabled={replay.isPending} className="w-fit">
            <RotateCcwIcon aria-hidden />
            {replay.isPending ? "Replaying…" : "Replay with today's configuration"}
          </Button>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
        </CardContent>
      </Card>
    );
  }
  const { differences } = replay.result.data;
  return (
    <div className="grid h-fit gap-4">
      <div
        role="status"
        data-testid="replay-differences"
        className={differences.length ? "rounded-lg border border-info/40 bg-info/10 p-4" : "rounded-lg border p-4"}
      >
        <p className="flex items-center gap-2 text-sm font-medium">
          <GitCompareArrowsIcon className="size-4" aria-hidden />
          {differences.length ? "Today's configuration decides differently:" : "Today's configuration makes the same decision."}
        </p>
        {differences.length > 0 && (
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
            {differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
        <Button variant="ghost" size="sm" className="mt-2" onClick={run} disabled={replay.isPending}>
          <RotateCcwIcon aria-hidden /> Replay again
        </Button>
      </div>
      <DecisionCard
        title="Replay (today)"
        description="Dry run with today's configuration — nothing was sent."
        decision={replay.result.data.replay}
        testId="replay-decision"
      />
    </div>
  );
}
