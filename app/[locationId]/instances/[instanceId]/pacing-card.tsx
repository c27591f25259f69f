"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/common/field-error";
import { PacingFields, type PacingValues, pacingInput, pacingText } from "@/components/common/pacing-fields";
import { useFormAction } from "@/components/common/use-form-action";
import { queryKeys } from "@/components/live/live-event";
import { useLiveRead } from "@/components/live/use-live-read";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { Switch } from "@/components/ui/switch";
import type { LiveInstanceView } from "@/lib/instances/list-instances";
import { getInstanceAction } from "../actions";
import { savePacingSchema } from "../instances.schema";
import { savePacingAction } from "../mutations";

type Props = { locationId: string; instance: LiveInstanceView; editable: boolean };

/** The pacing in force (its own or the location's) and the room left under it; the headroom refreshes with live sends. */
export function PacingCard({ locationId, instance: initial, editable }: Props) {
  const router = useRouter();
  const instance = useLiveRead(
    [...queryKeys.instances(locationId), initial.id],
    () => getInstanceAction({ locationId, instanceId: initial.id }),
    initial,
  );
  const { pacing, headroom } = instance;
  const [own, setOwn] = useState(!pacing.inherited);
  const [values, setValues] = useState<PacingValues>(() => pacingText(pacing));
  const queryClient = useQueryClient();
  const save = useFormAction(savePacingAction, savePacingSchema, {
    onSuccess: () => {
      toast.success(own ? "Pacing saved" : "Pacing: the location's");
      // The card reads the instance through the query cache: the new limits and headroom show at once.
      void queryClient.invalidateQueries({ queryKey: queryKeys.instances(locationId) });
      router.refresh();
    },
  });
  const { errors } = save;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    save.submit({ locationId, instanceId: instance.id, pacing: own ? pacingInput(values) : null });
  }

  return (
    <Card data-testid="pacing-card">
      <CardHeader>
        <CardTitle>Pacing</CardTitle>
        <CardDescription>How fast this number sends: a gap between messages, an hourly cap, new contacts per day.</CardDescription>
        <CardAction>
          <Badge variant="outline">{pacing.inherited ? "Location's" : "Its own"}</Badge>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-5">
        <Headroom headroom={headroom} />
        {editable ? (
          <form onSubmit={onSubmit} className="grid gap-4 border-t pt-4" noValidate aria-label="Pacing">
            <div className="flex items-center gap-2">
              <Switch id="pacing-own" checked={own} onCheckedChange={setOwn} />
              <Label htmlFor="pacing-own">Its own pacing (off: the location&apos;s defaults)</Label>
            </div>
            <PacingFields idPrefix="pacing" values={values} onChange={setValues} errors={errors} errorPrefix="pacing." disabled={!own} />
            {errors._form && !Object.keys(errors).some((k) => k.startsWith("pacing.")) && (
              <FieldError id="pacing-form-error" message={errors._form} />
            )}
            <Button type="submit" disabled={save.isPending} className="w-fit">
              Save pacing
            </Button>
          </form>
        ) : (
          <PacingSummary pacing={pacing} />
        )}
      </CardContent>
    </Card>
  );
}

type HeadroomView = LiveInstanceView["headroom"];

function Headroom({ headroom }: { headroom: HeadroomView }) {
  return (
    <div className="grid gap-4 sm:grid-cols-3" data-testid="headroom">
      <Meter label="Sent this hour" used={headroom.sentThisHour} limit={headroom.hourlyLimit} />
      <Meter label="New contacts today" used={headroom.newContactsToday} limit={headroom.newContactsPerDay} />
      <div className="grid content-start gap-1">
        <span className="text-xs text-muted-foreground">Next slot</span>
        <span className="text-sm font-medium tabular-nums" suppressHydrationWarning>
          {headroom.nextSlotAt ? new Date(headroom.nextSlotAt).toLocaleTimeString("en-US", { hourCycle: "h23" }) : "Now"}
        </span>
      </div>
    </div>
  );
}

function Meter({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  const full = limit !== null && used >= limit;
  return (
    <div className="grid content-start gap-1">
      <span className="text-xs text-muted-foreground">{label}</span>
      <span className="text-sm font-medium tabular-nums">
        {used}
        <span className="text-muted-foreground"> / {limit ?? "no limit"}</span>
      </span>
      {limit !== null && (
        <Progress
          value={used}
          max={limit}
          variant={full ? "destructive" : used / limit > 0.8 ? "warning" : "default"}
          aria-label={`${label}: ${used} of ${limit}`}
        />
      )}
    </div>
  );
}

function PacingSummary({ pacing }: { pacing: LiveInstanceView["pacing"] }) {
  const value = (n: number | null, unit = "") => (n === null ? "no limit" : `${n}${unit}`);
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 border-t pt-4 text-sm">
      <dt className="text-muted-foreground">Minimum gap</dt>
      <dd>{value(pacing.minIntervalSeconds, " s")}</dd>
      <dt className="text-muted-foreground">Random jitter</dt>
      <dd>{value(pacing.jitterSeconds, " s")}</dd>
      <dt className="text-muted-foreground">Per hour</dt>
      <dd>{value(pacing.hourlyLimit)}</dd>
      <dt className="text-muted-foreground">New contacts per day</dt>
      <dd>{value(pacing.newContactsPerDay)}</dd>
    </dl>
  );
}
