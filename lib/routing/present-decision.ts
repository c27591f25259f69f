// The send API's answer for a decision (SPEC §3): the message on success, with the decision in the
// field names every decision view uses (decision-view.ts); on a selection failure
// { error: { code, name, message, trace }, id } with the engine's HTTP status.
import type { Decision } from "@/lib/engine/types";
import { decisionView } from "@/lib/routing/decision-view";

export type SendResponse = { status: number; body: Record<string, unknown> };

export function presentDecision(
  decision: Decision,
  stored: { id: string; status: string; createdAt: Date } | null,
  contactId: string | null,
): SendResponse {
  const view = decisionView(decision);
  if (decision.ok) {
    const body: Record<string, unknown> = {
      ...(stored ? { id: stored.id } : {}),
      status: stored ? stored.status : "dry_run",
      dryRun: stored === null,
      contactId,
      ...view,
      ...(stored ? { createdAt: stored.createdAt.toISOString() } : {}),
    };
    return { status: stored ? 201 : 200, body };
  }
  return {
    status: decision.error.httpStatus,
    body: {
      error: {
        code: view.errorCode,
        name: view.errorName,
        message: decision.error.message,
        rule: view.rule,
        instance: view.instance,
        trace: view.trace,
        warnings: view.warnings,
      },
      ...(stored ? { id: stored.id } : {}),
    },
  };
}
