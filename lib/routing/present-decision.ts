// The send API's answer for a decision (SPEC §3): the message on success; on a selection failure
// { error: { code, name, message, trace }, id } with the engine's HTTP status.
import type { Decision } from "@/lib/engine/types";

export type SendResponse = { status: number; body: Record<string, unknown> };

export function presentDecision(
  decision: Decision,
  stored: { id: string; status: string; createdAt: Date } | null,
  contactId: string | null,
): SendResponse {
  if (decision.ok) {
    const body: Record<string, unknown> = {
      ...(stored ? { id: stored.id } : {}),
      status: stored ? stored.status : "dry_run",
      dryRun: stored === null,
      channel: decision.channel,
      contactId,
      instance: decision.instance,
      rule: decision.rule,
      body: decision.body,
      requestedBody: decision.requestedBody,
      strippedPatterns: decision.strippedPatterns,
      trace: decision.trace,
      warnings: decision.warnings,
      ...(stored ? { createdAt: stored.createdAt.toISOString() } : {}),
    };
    return { status: stored ? 201 : 200, body };
  }
  return {
    status: decision.error.httpStatus,
    body: {
      error: {
        code: decision.error.code,
        name: decision.error.name,
        message: decision.error.message,
        rule: decision.rule,
        instance: decision.resolvedInstance,
        trace: decision.trace,
        warnings: decision.warnings,
      },
      ...(stored ? { id: stored.id } : {}),
    },
  };
}
