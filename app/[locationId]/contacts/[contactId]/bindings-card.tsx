"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { refusalMessage } from "@/components/common/action-result";
import { channelLabel, displayPhone, instanceTag, shortDateTime } from "@/components/common/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Channel } from "@/lib/engine/types";
import { unpinBindingAction } from "../actions";

type Binding = {
  channel: Channel;
  instance: { id: string; index: number; phone: string | null; label: string };
  at: string;
  source: "inbound" | "outbound";
};

type Props = { locationId: string; contactId: string; bindings: Binding[]; editable: boolean };

/** Per channel, the number this contact last exchanged messages with; admins and agents unpin it. */
export function BindingsCard({ locationId, contactId, bindings, editable }: Props) {
  const router = useRouter();
  const unpin = useAction(unpinBindingAction, {
    onSuccess: () => {
      toast.success("Conversation unpinned");
      router.refresh();
    },
    onError: ({ error }) => toast.error(refusalMessage(error)),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Conversation bindings</CardTitle>
        <CardDescription>The number each channel last talked with this contact on. Unpin to route the next message afresh.</CardDescription>
      </CardHeader>
      <CardContent>
        {bindings.length === 0 ? (
          <p className="text-sm text-muted-foreground">No conversation is pinned to a number.</p>
        ) : (
          <ul className="grid gap-2" data-testid="bindings">
            {bindings.map((b) => (
              <li
                key={b.channel}
                className="flex items-center justify-between gap-3 rounded-md border px-3 py-2 text-sm"
                data-testid="binding"
              >
                <div className="grid gap-0.5">
                  <span className="font-medium">
                    {channelLabel(b.channel)} · <span className="font-mono">{instanceTag(b.channel, b.instance.index)}</span>{" "}
                    {b.instance.label}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    {displayPhone(b.instance.phone)} · {shortDateTime(b.at)} UTC · <Badge variant="outline">{b.source}</Badge>
                  </span>
                </div>
                {editable && (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={unpin.isPending}
                    aria-label={`Unpin ${channelLabel(b.channel)}`}
                    onClick={() => unpin.execute({ locationId, contactId, channel: b.channel })}
                  >
                    Unpin
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
