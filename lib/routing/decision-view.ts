// A decision as the API answers it and the dashboard shows it, whether just taken (a send, a dry
// run, a what-if, a replay) or stored with its message (lib/messages/message-view): one set of
// field names. `errorCode` is the engine's code (101–106, or ambiguous_override / empty_body,
// which have no number); a stored message that failed after routing carries delivery_failed or
// transport_failed there instead, with the number the engine chose in `instance`. Pure: the
// dashboard's client components read it too.
import { ERROR_CODES } from "@/lib/engine/errors";
import type { Decision, TraceEntry, Warning } from "@/lib/engine/types";

export type DecisionView = {
  channel: string;
  rule: string | null;
  /** The number chosen, or the one the failing rule resolved to (stored: its copy at the time). */
  instance: { id: string | null; index: number; label: string; phone: string | null } | null;
  errorCode: number | string | null;
  errorName: string | null;
  requestedBody: string;
  body: string;
  trace: TraceEntry[];
  warnings: Warning[];
};

export function decisionView(decision: Decision): DecisionView & { strippedPatterns: string[] } {
  return {
    channel: decision.channel,
    rule: decision.rule,
    instance: decision.ok ? decision.instance : decision.resolvedInstance,
    errorCode: decision.ok ? null : decision.error.code,
    errorName: decision.ok ? null : decision.error.name,
    requestedBody: decision.requestedBody,
    body: decision.body,
    strippedPatterns: decision.strippedPatterns,
    trace: decision.trace,
    warnings: decision.warnings,
  };
}

const ENGINE_CODES = new Set(ERROR_CODES.map((e) => String(e.code)));

/** Did the engine choose a number? A message can still fail after that (delivery_failed). */
export function choseNumber(view: DecisionView): boolean {
  return view.errorCode === null || !ENGINE_CODES.has(String(view.errorCode));
}
