"use client";

import { StarIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { channelLabel, instanceTag } from "@/components/common/format";
import { StatusBadge } from "@/components/instances/status-badge";
import { ImpactPreview } from "@/components/routing/impact-preview";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { cn } from "@/lib/utils";
import { type ImpactChange, impactSource } from "../impact-source";

type Instance = { id: string; index: number; label: string; status: string; statusReason: string | null; isDefault: boolean };

/**
 * Pretend an instance is disconnected, or another is the default; the URL keeps the switches.
 * With any switch on, the what-if's impact on the last 7 days' messages shows below them.
 */
export function WhatIfPanel({
  locationId,
  channel,
  instances,
  down,
  def,
}: {
  locationId: string;
  channel: string;
  instances: Instance[];
  down: string[];
  def: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();

  function update(nextDown: string[], nextDef: string | null) {
    const next = new URLSearchParams(search.toString());
    if (nextDown.length) next.set("down", nextDown.join(","));
    else next.delete("down");
    if (nextDef) next.set("def", nextDef);
    else next.delete("def");
    router.replace(`${pathname}?${next}`, { scroll: false });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>What if…</CardTitle>
        <CardDescription>Changes {channelLabel(channel)} numbers for this dry run only — nothing is saved.</CardDescription>
      </CardHeader>
      <CardContent>
        {instances.length === 0 ? (
          <p className="text-sm text-muted-foreground">This channel has no numbers.</p>
        ) : (
          <ul className="grid gap-3">
            {instances.map((i) => {
              const tag = instanceTag(channel, i.index);
              const isDown = down.includes(i.id);
              const isDef = def ? def === i.id : i.isDefault;
              return (
                <li key={i.id} className="grid grid-cols-[1fr_auto_auto] items-center gap-3 text-sm">
                  <div className="min-w-0">
                    <div className="truncate font-medium">
                      {tag} {i.label}
                    </div>
                    <StatusBadge status={i.status} reason={i.statusReason} className="mt-0.5" />
                  </div>
                  <button
                    type="button"
                    aria-pressed={isDef}
                    aria-label={`Pretend ${tag} is the default`}
                    title="Pretend this is the default"
                    onClick={() => update(down, isDef && def === i.id ? null : i.id)}
                    className="rounded-md p-1.5 outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                  >
                    <StarIcon aria-hidden className={cn("size-4", isDef ? "fill-warning text-warning" : "text-muted-foreground")} />
                  </button>
                  {/* biome-ignore lint/a11y/noLabelWithoutControl: the Radix Switch inside renders the control (a button) this label names */}
                  <label className="flex items-center gap-2 text-xs text-muted-foreground">
                    <Switch
                      checked={isDown}
                      onCheckedChange={(on) => update(on ? [...down, i.id] : down.filter((d) => d !== i.id), def)}
                      aria-label={`Pretend ${tag} is disconnected`}
                    />
                    down
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {(down.length > 0 || def) && (
          <div className="mt-4 border-t pt-4" data-testid="what-if-impact">
            <ImpactPreview source={impactSource(locationId, whatIfChange(channel, down, def))} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function whatIfChange(channel: string, down: string[], def: string | null): ImpactChange {
  return {
    ...(down.length > 0 && { disconnected: down }),
    ...(def && { defaults: { [channel]: def } as ImpactChange["defaults"] }),
  };
}
