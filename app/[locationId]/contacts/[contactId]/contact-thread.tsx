"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ArrowDownLeftIcon, ArrowUpRightIcon } from "lucide-react";
import Link from "next/link";
import { unwrap } from "@/components/common/action-result";
import { channelLabel, instanceTag, shortDateTime } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { MessageStatusBadge } from "@/components/messages/message-status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { contactThread } from "@/lib/contacts/contact-thread";
import { cn } from "@/lib/utils";
import { contactThreadAction } from "../read-actions";

type ThreadPage = Awaited<ReturnType<typeof contactThread>>;
type Item = ThreadPage["data"][number];

const PAGE = 30;

/**
 * The contact's messages both ways, newest first, a page at a time; a live inbound message, routed
 * message or status change of this contact refetches it (components/live/live-event.ts).
 */
export function ContactThread({ locationId, contactId, initialPage }: { locationId: string; contactId: string; initialPage: ThreadPage }) {
  const thread = useInfiniteQuery({
    queryKey: queryKeys.contactThread(locationId, contactId),
    queryFn: async ({ pageParam }) => unwrap(await contactThreadAction({ locationId, contactId, cursor: pageParam, limit: PAGE })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: { pages: [initialPage], pageParams: [undefined] },
  });
  const items = thread.data.pages.flatMap((p) => p.data);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Thread</CardTitle>
        <CardDescription>What we sent and what the contact wrote, on every channel, newest first.</CardDescription>
      </CardHeader>
      <CardContent>
        {items.length === 0 ? (
          <p className="text-sm text-muted-foreground">No messages with this contact yet.</p>
        ) : (
          <ol className="grid gap-3" aria-label="Messages" data-testid="contact-thread">
            {items.map((item) => (
              <ThreadItem key={`${item.direction}-${item.id}`} locationId={locationId} item={item} />
            ))}
          </ol>
        )}
        {thread.hasNextPage && (
          <Button
            variant="outline"
            size="sm"
            className="mt-4"
            disabled={thread.isFetchingNextPage}
            onClick={() => void thread.fetchNextPage()}
          >
            Older messages
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

function ThreadItem({ locationId, item }: { locationId: string; item: Item }) {
  const inbound = item.direction === "inbound";
  const Icon = inbound ? ArrowDownLeftIcon : ArrowUpRightIcon;
  const number = item.instance ? instanceTag(item.channel, item.instance.index) : null;
  return (
    <li data-testid="thread-item" data-direction={item.direction} className={cn("flex", inbound ? "justify-start" : "justify-end")}>
      <div
        className={cn("grid max-w-[85%] gap-1.5 rounded-lg border px-3 py-2", inbound ? "bg-muted/50" : "border-primary/20 bg-primary/5")}
      >
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          <Icon className="size-3.5" aria-hidden />
          <span className="font-medium text-foreground">{inbound ? "Incoming" : "Outgoing"}</span>
          <span>
            {inbound ? "on" : "from"} {channelLabel(item.channel)}
            {number && (
              <span className="ml-1 rounded bg-background px-1 font-mono text-[11px] text-foreground ring-1 ring-border">{number}</span>
            )}
            {item.instance?.label && <span className="ml-1">{item.instance.label}</span>}
          </span>
          <MessageStatusBadge status={item.status} />
        </div>
        <p className="whitespace-pre-wrap break-words text-sm">{item.body || <span className="text-muted-foreground">(no text)</span>}</p>
        {item.error && <p className="text-xs text-destructive">{item.error}</p>}
        <div className="text-right text-[11px] text-muted-foreground">
          {shortDateTime(item.at)} UTC
          {!inbound && (
            <>
              {" · "}
              <Link href={`/${locationId}/messages/${item.id}`} className="hover:text-foreground hover:underline">
                details
              </Link>
            </>
          )}
        </div>
      </div>
    </li>
  );
}
