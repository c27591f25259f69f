"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/common/field-error";
import { PacingFields, type PacingValues, pacingInput, pacingText } from "@/components/common/pacing-fields";
import { useFormAction } from "@/components/common/use-form-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { type Pacing, SUGGESTED_PACING } from "@/lib/gateways/gateway.schema";
import { saveSettingsAction } from "./actions";
import { saveSettingsSchema } from "./settings.schema";

/** The location's pacing defaults (PATCH /settings `pacing`): every number without pacing of its own uses them. */
export function PacingDefaultsCard({ locationId, pacing, editable }: { locationId: string; pacing: Pacing; editable: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState<PacingValues>(() => pacingText(pacing));
  const save = useFormAction(saveSettingsAction, saveSettingsSchema, {
    onSuccess: () => {
      toast.success("Pacing defaults saved");
      router.refresh();
    },
  });
  const { errors } = save;
  const whatsapp = SUGGESTED_PACING.whatsapp;

  return (
    <Card className="h-fit">
      <CardHeader>
        <CardTitle>Pacing defaults</CardTitle>
        <CardDescription>
          For every number without pacing of its own. Empty = no limit. Suggested for WhatsApp: a message every{" "}
          {whatsapp.minIntervalSeconds} s plus up to {whatsapp.jitterSeconds} s of random jitter, at most {whatsapp.hourlyLimit} an hour and{" "}
          {whatsapp.newContactsPerDay} new contacts a day; SMS through a carrier needs none.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-4"
          noValidate
          aria-label="Pacing defaults"
          onSubmit={(event) => {
            event.preventDefault();
            save.submit({ locationId, pacing: pacingInput(values) });
          }}
        >
          <PacingFields
            idPrefix="settings-pacing"
            values={values}
            onChange={setValues}
            errors={errors}
            errorPrefix="pacing."
            disabled={!editable}
          />
          {errors._form && !Object.keys(errors).some((k) => k.startsWith("pacing")) && (
            <FieldError id="pacing-defaults-error" message={errors._form} />
          )}
          {editable && (
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={save.isPending}>
                Save pacing
              </Button>
              <Button type="button" variant="outline" onClick={() => setValues(pacingText(whatsapp))}>
                Use suggested WhatsApp pacing
              </Button>
            </div>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
