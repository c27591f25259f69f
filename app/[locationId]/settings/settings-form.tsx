"use client";

import { useState } from "react";
import { FormField } from "@/components/common/form-field";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { RotationStrategy } from "@/lib/engine/types";
import { SaveSettingsFooter } from "./save-settings-footer";
import { SelectField } from "./select-field";
import { useSaveSettings } from "./use-save-settings";

type Settings = {
  rotationStrategy: RotationStrategy;
  warmingDays: number;
  warmingDailyLimits: number[];
  minHealth: number;
  defaultCountry: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
};

export function SettingsForm({ locationId, settings, editable }: { locationId: string; settings: Settings; editable: boolean }) {
  const [strategy, setStrategy] = useState(settings.rotationStrategy);
  const save = useSaveSettings({ locationId, current: { rotationStrategy: settings.rotationStrategy }, saved: "Settings saved" });
  const { errors } = save;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const limits = String(f.get("limits") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    const webhook = String(f.get("webhookUrl") ?? "").trim();
    save.submit({
      locationId,
      rotationStrategy: strategy,
      warmingDays: Number(f.get("warmingDays")),
      warmingDailyLimits: limits,
      minHealth: Number(f.get("minHealth")),
      defaultCountry: String(f.get("defaultCountry") ?? ""),
      webhookUrl: webhook || null,
    });
  }

  const field = (name: string, label: string, value: string, hint: string, props: React.ComponentProps<"input"> = {}) => (
    <FormField id={`settings-${name}`} label={label} hint={hint} error={errors[name === "limits" ? "warmingDailyLimits" : name]}>
      {(control) => <Input {...control} name={name} defaultValue={value} disabled={!editable} {...props} />}
    </FormField>
  );

  return (
    <Card className="h-fit">
      <CardHeader>
        <CardTitle>Routing and anti-ban</CardTitle>
        <CardDescription>Used by rule 6 (any available) and by every warming and health check.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid grid-cols-1 gap-4" noValidate>
          <SelectField setting="rotationStrategy" value={strategy} onValueChange={setStrategy} errors={errors} disabled={!editable} />
          <div className="grid gap-4 sm:grid-cols-2">
            {field("warmingDays", "Warming days", String(settings.warmingDays), "New numbers ramp up for this many days.", {
              inputMode: "numeric",
            })}
            {field("minHealth", "Minimum health", String(settings.minHealth), "Under it a number leaves rotation.", {
              inputMode: "numeric",
            })}
          </div>
          {field(
            "limits",
            "Warming daily limits",
            settings.warmingDailyLimits.join(", "),
            "Sends allowed on day 1, 2, 3… of warming, comma-separated.",
          )}
          {field("defaultCountry", "Default country", settings.defaultCountry, "For numbers typed without +country code, e.g. US.", {
            maxLength: 2,
            className: "w-24 uppercase",
          })}
          {field("webhookUrl", "Webhook URL", settings.webhookUrl ?? "", "instance.status_changed and message.failed are POSTed here.", {
            type: "url",
            placeholder: "https://example.com/hooks/number-router",
          })}
          {settings.webhookSecret && (
            <p className="text-xs text-muted-foreground">
              Signing secret: <code className="break-all font-mono">{settings.webhookSecret}</code>
            </p>
          )}
          <SaveSettingsFooter save={save} errorId="settings-form-error" editable={editable}>
            Save settings
          </SaveSettingsFooter>
        </form>
        {save.impactDialog}
      </CardContent>
    </Card>
  );
}
