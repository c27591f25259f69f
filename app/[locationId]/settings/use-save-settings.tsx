"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { useFormAction } from "@/components/common/use-form-action";
import { ImpactConfirmDialog } from "@/components/routing/impact-preview";
import { FAILOVER_POLICY_LABELS, ROTATION_STRATEGY_LABELS } from "@/lib/domain";
import { type ImpactChange, impactSource } from "../impact-source";
import { saveSettingsAction } from "./actions";
import { saveSettingsSchema } from "./settings.schema";

/** The settings that change which number sends: a save that changes any of them is previewed first (SPEC §4). */
const ROUTING_CHOICES = ["rotationStrategy", "stickySender", "failover"] as const;
type RoutingChoices = Pick<ImpactChange, (typeof ROUTING_CHOICES)[number]>;
type SettingsInput = z.output<typeof saveSettingsSchema>;

/**
 * Saves a settings card through PATCH /settings' schema (checked in the browser first, the
 * server's errors on the fields). When the save changes the rotation strategy, sticky sender or
 * failover from `current`, the admin first sees their impact on the last 7 days and confirms;
 * any other save goes at once. Render `impactDialog` in the card.
 */
export function useSaveSettings({ locationId, current, saved }: { locationId: string; current: RoutingChoices; saved: string }) {
  const router = useRouter();
  const [pending, setPending] = useState<{ input: SettingsInput; change: RoutingChoices } | null>(null);
  const save = useFormAction(saveSettingsAction, saveSettingsSchema, {
    onSuccess: () => {
      toast.success(saved);
      router.refresh();
    },
  });

  function submit(fields: Parameters<typeof save.submit>[0]) {
    const parsed = saveSettingsSchema.safeParse(fields);
    const change = parsed.success ? changedChoices(current, parsed.data) : null;
    if (!parsed.success || !change) return save.submit(fields); // invalid fields are answered by the form
    setPending({ input: parsed.data, change });
  }

  const impactDialog = pending && (
    <ImpactConfirmDialog
      open
      onOpenChange={(open) => !open && setPending(null)}
      title="Save these routing changes?"
      description={describe(pending.change)}
      confirmLabel="Save"
      // Refusals land on the form's fields, which the dialog would hide: it closes either way.
      onConfirm={async () => {
        // The schema's output is the action's input, as in useFormAction.
        await save.executeAsync(pending.input as Parameters<typeof save.executeAsync>[0]);
      }}
      source={impactSource(locationId, pending.change)}
    />
  );
  return { ...save, submit, impactDialog };
}

/** The routing choices `input` changes from `current` (only those), or null when it changes none. */
function changedChoices(current: RoutingChoices, input: SettingsInput): RoutingChoices | null {
  const changed = ROUTING_CHOICES.filter((key) => input[key] !== undefined && input[key] !== current[key]);
  return changed.length ? (Object.fromEntries(changed.map((key) => [key, input[key]])) as RoutingChoices) : null;
}

function describe(change: RoutingChoices): string {
  const short = (label: string) => label.split(" — ")[0];
  const parts = [
    change.rotationStrategy && `rotation strategy: ${short(ROTATION_STRATEGY_LABELS[change.rotationStrategy])}`,
    change.stickySender !== undefined && `sticky sender: ${change.stickySender ? "on" : "off"}`,
    change.failover && `failover: ${short(FAILOVER_POLICY_LABELS[change.failover])}`,
  ].filter(Boolean);
  return `New ${parts.join("; ")}. The card's other fields are saved with it.`;
}
