import "server-only";
import { getStoredDecision, type DecisionView } from "@/lib/dashboard/get-stored-decision";
import { whatIfDryRun } from "@/lib/routing/what-if-dry-run";
import type { Channel } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";

/**
 * "Replay with today's configuration": the stored message's channel, contact and requested body
 * through today's snapshot, as a dry run (nothing is sent or stored), plus what changed.
 */
export async function replayMessage(locationId: string, messageId: string) {
  const stored = await getStoredDecision(locationId, messageId);
  if (!stored) throw new AppError("not_found", "Message not found.");
  const { actual } = await whatIfDryRun({
    locationId, channel: stored.channel as Channel, body: stored.decision.requestedBody, contactId: stored.contact.id,
  });
  return { replay: actual, differences: compareDecisions(stored.decision, actual) };
}

/** Plain-English differences between two decisions; empty when today decides the same way. */
function compareDecisions(before: DecisionView, after: DecisionView): string[] {
  const out: string[] = [];
  const name = (d: DecisionView) => (d.instance ? `#${d.instance.index} ${d.instance.label}` : "no number");
  if (before.ok !== after.ok) {
    out.push(after.ok ? `It would now be sent (it failed with ${before.errorCode} ${before.errorName}).` : `It would now fail with ${after.errorCode} ${after.errorName}.`);
  } else if (!after.ok && before.errorCode !== after.errorCode) {
    out.push(`The error changes from ${before.errorCode} ${before.errorName} to ${after.errorCode} ${after.errorName}.`);
  }
  if (before.rule !== after.rule) out.push(`Decided by ${after.rule ?? "no rule"} instead of ${before.rule ?? "no rule"}.`);
  if ((before.instance?.index ?? null) !== (after.instance?.index ?? null)) out.push(`Number: ${name(after)} instead of ${name(before)}.`);
  if (before.ok && after.ok && before.body !== after.body) out.push("The delivered body differs.");
  for (const step of after.trace) {
    const old = before.trace.find((s) => s.step === step.step);
    if (old && old.outcome !== step.outcome) out.push(`Step ${step.step} (${step.rule}): ${old.outcome} → ${step.outcome}.`);
  }
  return out;
}
