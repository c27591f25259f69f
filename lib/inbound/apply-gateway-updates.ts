import "server-only";
// What a gateway's webhook said, applied in order (SPEC §6; here beside inbound messages, not in
// lib/delivery, because it calls lib/instances, which reads lib/delivery/headroom): message statuses through the one
// status-change path (lib/delivery/message-status.ts), instance states through the status machine
// (lib/instances/report-instance-status.ts), inbound messages through lib/inbound/record-inbound.ts.
// A report that changes nothing — a message we do not know, a state the instance is already in, a
// transition the machine refuses, a repeated inbound message — is counted as ignored, never
// answered with a 4xx: the gateway would send it again forever.
import { changeMessageStatus, findReportedMessage } from "@/lib/delivery/message-status";
import { isAppError } from "@/lib/errors";
import type { GatewayKind, GatewayUpdate } from "@/lib/gateways/types";
import { type InboundInstance, recordInbound } from "@/lib/inbound/record-inbound";
import { reportInstanceStatus } from "@/lib/instances/report-instance-status";

export type UpdateTally = { applied: number; ignored: number };

export async function applyGatewayUpdates(options: {
  kind: GatewayKind;
  instance: InboundInstance;
  location: { id: string; defaultCountry: string; webhookUrl: string | null };
  updates: GatewayUpdate[];
}): Promise<UpdateTally> {
  const tally: UpdateTally = { applied: 0, ignored: 0 };
  for (const update of options.updates) {
    const applied = await applyOne(options, update);
    tally[applied ? "applied" : "ignored"]++;
  }
  return tally;
}

async function applyOne(options: Parameters<typeof applyGatewayUpdates>[0], update: GatewayUpdate): Promise<boolean> {
  const { instance, location } = options;
  switch (update.type) {
    case "message_status": {
      const messageId = await findReportedMessage(instance, update);
      if (!messageId) return false;
      const result = await changeMessageStatus({
        locationId: location.id,
        webhookUrl: location.webhookUrl,
        change: {
          messageId,
          to: update.status,
          detail: update.detail,
          providerMessageId: update.providerMessageId,
          at: update.at ?? undefined,
        },
        source: "gateway",
      });
      return result.outcome === "changed";
    }
    case "instance_status": {
      const report = (status: typeof update.status, reason: typeof update.reason) =>
        reportInstanceStatus({
          ctx: { location: { id: location.id }, actor: { type: "system", id: null, label: `${options.kind} gateway` } },
          instanceId: instance.id,
          report: { status, reason, at: update.at?.toISOString() },
          source: "gateway",
          admin: false,
        }).then((result) => result.applied);
      const first = await outcomeOf(() => report(update.status, update.reason));
      if (first !== "refused" || update.status !== "qr_pending") return first === "applied";
      // A gateway showing a QR code says the login is gone (WAHA has no "logged out" event:
      // FAILED → SCAN_QR_CODE), and the machine's way to qr_pending is disconnected/logged_out.
      // A banned instance refuses both steps (only an admin resets it); one already waiting for a
      // scan was "unchanged" above and never gets here.
      return (
        (await outcomeOf(() => report("disconnected", "logged_out"))) === "applied" &&
        (await outcomeOf(() => report("qr_pending", null))) === "applied"
      );
    }
    case "inbound":
      return ignoringRefusals(async () => {
        const result = await recordInbound({
          location,
          instance,
          from: update.from,
          body: update.body,
          providerMessageId: update.providerMessageId,
          at: update.at,
        });
        return result.created;
      });
  }
}

/** An expected refusal (invalid transition, a sender that is no phone number) is an ignored report. */
async function ignoringRefusals(run: () => Promise<boolean>): Promise<boolean> {
  return (await outcomeOf(run)) === "applied";
}

async function outcomeOf(run: () => Promise<boolean>): Promise<"applied" | "unchanged" | "refused"> {
  try {
    return (await run()) ? "applied" : "unchanged";
  } catch (error) {
    if (isAppError(error)) return "refused";
    throw error;
  }
}
