"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useLive } from "@/components/live/live-events-provider";
import { Button } from "@/components/ui/button";

/** New messages arrive live; the list does not jump under the reader — they choose to show them. */
export function NewMessagesBanner() {
  const router = useRouter();
  const { feed } = useLive();
  const seen = useRef<string | null>(null);
  const [count, setCount] = useState(0);
  useEffect(() => {
    const messages = feed.filter((e) => e.type.startsWith("message."));
    if (seen.current === null) {
      seen.current = messages[0]?.id ?? "";
      return;
    }
    const index = messages.findIndex((e) => e.id === seen.current);
    setCount(index === -1 ? messages.length : index);
  }, [feed]);
  if (count === 0) return null;
  return (
    <div role="status" className="mb-3 flex items-center justify-between rounded-md border border-info/30 bg-info/10 px-3 py-2 text-sm">
      {count} new message{count === 1 ? "" : "s"} since you opened this page.
      <Button
        size="sm"
        variant="outline"
        onClick={() => {
          seen.current = feed.find((e) => e.type.startsWith("message."))?.id ?? "";
          setCount(0);
          router.refresh();
        }}
      >
        Show
      </Button>
    </div>
  );
}
