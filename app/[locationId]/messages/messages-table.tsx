import Link from "next/link";
import { channelLabel, displayPhone, instanceTag, ruleLabel, shortDateTime } from "@/components/common/format";
import { LiveMessageStatus } from "@/components/messages/live-message-status";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { MessageView } from "@/lib/messages/message-view";

export function MessagesTable({ locationId, messages }: { locationId: string; messages: MessageView[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="pl-5">Time (UTC)</TableHead>
          <TableHead>Contact</TableHead>
          <TableHead>Channel · number</TableHead>
          <TableHead>Rule / error</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Message</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {messages.map((m) => (
          <TableRow key={m.id} data-testid="message-row" data-status={m.status}>
            <TableCell className="whitespace-nowrap pl-5 text-xs text-muted-foreground">
              <Link href={`/${locationId}/messages/${m.id}`} className="hover:text-foreground hover:underline">
                {shortDateTime(m.createdAt)}
              </Link>
            </TableCell>
            <TableCell>
              <div className="font-medium">{m.contact.name || "—"}</div>
              <div className="font-mono text-xs text-muted-foreground">{displayPhone(m.contact.phone)}</div>
            </TableCell>
            <TableCell className="whitespace-nowrap text-xs">
              {channelLabel(m.channel)}
              {m.instance && (
                <div className="font-mono text-muted-foreground">
                  {instanceTag(m.channel, m.instance.index)} {m.instance.label}
                </div>
              )}
            </TableCell>
            <TableCell className="text-xs">
              {m.errorName ? (
                <span className="text-destructive">
                  <span className="font-mono">{typeof m.errorCode === "number" ? m.errorCode : ""}</span> {m.errorName}
                </span>
              ) : (
                ruleLabel(m.rule)
              )}
            </TableCell>
            <TableCell>
              <LiveMessageStatus messageId={m.id} status={m.status} />
            </TableCell>
            <TableCell className="max-w-64">
              <Link
                href={`/${locationId}/messages/${m.id}`}
                className="line-clamp-1 text-sm hover:underline"
                aria-label={`Open message: ${m.requestedBody.slice(0, 40)}`}
              >
                {m.requestedBody}
              </Link>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
