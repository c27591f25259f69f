import type { Metadata } from "next";
import { BackLink } from "@/components/app-shell/back-link";
import { PageHeader } from "@/components/app-shell/page-header";
import { channelLabel, dateTime, displayPhone } from "@/components/common/format";
import { LiveMessageStatus } from "@/components/messages/live-message-status";
import { DecisionCard } from "@/components/routing/decision-card";
import { loadMember } from "@/lib/auth/load-member";
import { getMessage } from "@/lib/messages/get-message";
import { messageTimeline } from "@/lib/messages/message-timeline";
import { notFoundOnMissing } from "../../not-found-on-missing";
import { ReplayPanel } from "./replay-panel";
import { StatusTimeline } from "./status-timeline";

export const metadata: Metadata = { title: "Message" };

export default async function MessagePage({ params }: { params: Promise<{ locationId: string; messageId: string }> }) {
  const { locationId, messageId } = await params;
  const member = await loadMember(locationId);
  const message = await getMessage({ ctx: member, messageId }).catch(notFoundOnMissing);
  const timeline = await messageTimeline({ ctx: member, messageId });
  const failure = message.deliveryError ? ` · ${message.errorName}: ${message.deliveryError}` : "";
  return (
    <>
      <BackLink href={`/${locationId}/messages`}>Messages</BackLink>
      <PageHeader
        title={`${channelLabel(message.channel)} message to ${message.contact.name || displayPhone(message.contact.phone)}`}
        description={`${dateTime(message.createdAt)} · sent via ${message.source}${message.sourceRef ? ` (${message.sourceRef})` : ""} · ${displayPhone(message.contact.phone)}${failure}`}
        actions={<LiveMessageStatus messageId={message.id} status={message.status} />}
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <DecisionCard
          title="Stored decision"
          description="What the engine decided when the message was sent."
          decision={message}
          testId="stored-decision"
        />
        <ReplayPanel locationId={locationId} messageId={message.id} />
        <StatusTimeline locationId={locationId} messageId={message.id} initialData={timeline} />
      </div>
    </>
  );
}
