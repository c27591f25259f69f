"use client";

import { useState } from "react";
import { FieldError } from "@/components/common/field-error";
import { FormField } from "@/components/common/form-field";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { SendWindow } from "@/lib/delivery/send-window.schema";
import type { FailoverPolicy, GeomatchMode } from "@/lib/engine/types";
import { SaveSettingsFooter } from "./save-settings-footer";
import { SelectField } from "./select-field";
import { useSaveSettings } from "./use-save-settings";

export type RoutingPolicies = {
  stickySender: boolean;
  stickyDays: number;
  failover: FailoverPolicy;
  geomatch: GeomatchMode;
  sendWindow: SendWindow | null;
  alertEmails: string[];
};

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/**
 * The routing policies beyond the seeds (SPEC §2, §3): the conversation rule, failover, geomatch,
 * the send window and alert e-mails — PATCH /settings' own schema, the server's errors on the fields.
 */
export function RoutingPoliciesCard({
  locationId,
  policies,
  editable,
}: {
  locationId: string;
  policies: RoutingPolicies;
  editable: boolean;
}) {
  const [sticky, setSticky] = useState(policies.stickySender);
  const [failover, setFailover] = useState<FailoverPolicy>(policies.failover);
  const [geomatch, setGeomatch] = useState<GeomatchMode>(policies.geomatch);
  const [windowOn, setWindowOn] = useState(policies.sendWindow !== null);
  const [days, setDays] = useState<number[]>(policies.sendWindow?.days ?? [1, 2, 3, 4, 5]);
  const save = useSaveSettings({
    locationId,
    current: { stickySender: policies.stickySender, failover: policies.failover },
    saved: "Routing policies saved",
  });
  const { errors } = save;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim();
    save.submit({
      locationId,
      stickySender: sticky,
      stickyDays: Number(text("stickyDays")),
      failover,
      geomatch,
      sendWindow: windowOn ? { timezone: text("timezone"), days, start: text("start"), end: text("end") } : null,
      alertEmails: text("alertEmails")
        .split(/[\s,;]+/)
        .filter(Boolean),
    });
  }

  // The send window's text fields; the server names their errors `sendWindow.<name>`.
  const windowField = (
    name: "timezone" | "start" | "end",
    label: string,
    value: string,
    hint?: string,
    props: React.ComponentProps<"input"> = {},
  ) => (
    <FormField id={`policies-${name}`} label={label} error={errors[`sendWindow.${name}`]} hint={hint}>
      {(control) => <Input {...control} name={name} defaultValue={value} disabled={!editable} {...props} />}
    </FormField>
  );

  return (
    <Card className="h-fit">
      <CardHeader>
        <CardTitle>Routing policies</CardTitle>
        <CardDescription>
          Beyond the seeds' six rules: keep a contact on the number it knows, go on down the ladder instead of failing, prefer a local
          number, hold messages outside business hours.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Routing policies">
          <div className="flex items-start gap-3">
            <Switch id="policies-sticky" checked={sticky} onCheckedChange={setSticky} disabled={!editable} />
            <div className="grid gap-1">
              <Label htmlFor="policies-sticky">Sticky sender (conversation rule)</Label>
              <p className="text-xs text-muted-foreground">
                Answer a contact from the number it last exchanged messages with, after tags and assignments, before the default.
              </p>
            </div>
          </div>
          <FormField id="policies-stickyDays" label="A conversation counts for (days)" error={errors.stickyDays} className="max-w-64">
            {(control) => (
              <Input {...control} name="stickyDays" inputMode="numeric" defaultValue={String(policies.stickyDays)} disabled={!editable} />
            )}
          </FormField>
          <div className="grid gap-4">
            <SelectField setting="failover" value={failover} onValueChange={setFailover} errors={errors} disabled={!editable} />
            <SelectField setting="geomatch" value={geomatch} onValueChange={setGeomatch} errors={errors} disabled={!editable} />
          </div>
          <div className="flex items-start gap-3">
            <Switch id="policies-window" checked={windowOn} onCheckedChange={setWindowOn} disabled={!editable} />
            <div className="grid gap-1">
              <Label htmlFor="policies-window">Send window</Label>
              <p className="text-xs text-muted-foreground">
                Outside it messages wait (scheduled) until it opens; a reply to a contact who wrote in the last 24 h goes at once.
              </p>
            </div>
          </div>
          {windowOn && (
            <div className="grid gap-4 rounded-md border p-3">
              {windowField(
                "timezone",
                "Time zone",
                policies.sendWindow?.timezone ?? "America/New_York",
                "IANA name, e.g. America/New_York",
              )}
              <fieldset className="grid gap-2">
                <legend className="mb-1 text-sm font-medium">Days</legend>
                <div className="flex flex-wrap gap-3">
                  {DAYS.map((label, k) => (
                    <Label key={label} className="flex items-center gap-1.5 font-normal">
                      <Checkbox
                        checked={days.includes(k + 1)}
                        disabled={!editable}
                        onCheckedChange={(on) => setDays((d) => (on ? [...d, k + 1] : d.filter((x) => x !== k + 1)))}
                      />
                      {label}
                    </Label>
                  ))}
                </div>
                <FieldError id="policies-days-error" message={errors["sendWindow.days"]} />
              </fieldset>
              <div className="grid gap-4 sm:grid-cols-2">
                {windowField("start", "From", policies.sendWindow?.start ?? "09:00", undefined, { type: "time" })}
                {windowField("end", "Until", policies.sendWindow?.end ?? "18:00", "Before “From”: the window runs past midnight.", {
                  type: "time",
                })}
              </div>
            </div>
          )}
          {/* The Alerts page's "Alert settings" link lands here. */}
          <div id="alerts" className="scroll-mt-6">
            <FormField
              id="policies-alertEmails"
              label="Alert e-mails"
              error={errors.alertEmails ?? Object.entries(errors).find(([k]) => k.startsWith("alertEmails."))?.[1]}
              hint="Who gets each alert by e-mail when it is raised (the server needs SMTP_URL); separate addresses with commas."
            >
              {(control) => <Input {...control} name="alertEmails" defaultValue={policies.alertEmails.join(", ")} disabled={!editable} />}
            </FormField>
          </div>
          <SaveSettingsFooter save={save} errorId="policies-form-error" editable={editable}>
            Save policies
          </SaveSettingsFooter>
        </form>
        {save.impactDialog}
      </CardContent>
    </Card>
  );
}
