import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import type { Channel } from "@/lib/engine/types";
import { getMessage } from "@/lib/messages/get-message";
import { choseNumber, type DecisionView } from "@/lib/routing/decision-view";
import { whatIfDryRun } from "@/lib/routing/what-if-dry-run";

/**
 * "Replay with today's configuration": the stored message's channel, contact and requested body
 * through today's snapshot, as a dry run (nothing is sent or stored), plus what changed.
 */
export async function replayMessage(options: { ctx: ServiceContext; messageId: string }) {
  const stored = await getMessage(options);
  const { actual } = await whatIfDryRun({
    locationId: options.ctx.location.id,
    channel: stored.channel as Channel,
    body: stored.requestedBody,
    contactId: stored.contactId,
  });
  return { replay: actual, differences: compareDecisions(stored, actual) };
}

/** Plain-English differences between two decisions; empty when today decides the same way. */
function compareDecisions(before: DecisionView, after: DecisionView): string[] {
  const out: string[] = [];
  const name = (d: DecisionView) => (d.instance ? `#${d.instance.index} ${d.instance.label}` : "no number");
  const [wasChosen, isChosen] = [choseNumber(before), choseNumber(after)];
  if (wasChosen !== isChosen) {
    out.push(
      isChosen
        ? `It would now be sent (it failed with ${before.errorCode} ${before.errorName}).`
        : `It would now fail with ${after.errorCode} ${after.errorName}.`,
    );
  } else if (!isChosen && before.errorCode !== after.errorCode) {
    out.push(`The error changes from ${before.errorCode} ${before.errorName} to ${after.errorCode} ${after.errorName}.`);
  }
  if (before.rule !== after.rule) out.push(`Decided by ${after.rule ?? "no rule"} instead of ${before.rule ?? "no rule"}.`);
  if ((before.instance?.index ?? null) !== (after.instance?.index ?? null)) out.push(`Number: ${name(after)} instead of ${name(before)}.`);
  if (wasChosen && isChosen && before.body !== after.body) out.push("The delivered body differs.");
  for (const step of after.trace) {
    // By rule, not by step number: with the conversation rule on, the ladder has seven steps and
    // a stored six-step decision's default is step 5 where today's is step 6.
    const old = before.trace.find((s) => s.rule === step.rule);
    if (old && old.outcome !== step.outcome) out.push(`Step ${step.step} (${step.rule}): ${old.outcome} → ${step.outcome}.`);
  }
  return out;
}
