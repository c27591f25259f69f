// JSON responses in the SPEC §3 shapes. Every error body is { error: { code, message, … } }.
import type { z } from "zod";
import { type Issue, isAppError, logUnexpected } from "@/lib/errors";

export function json(status: number, body: unknown, headers?: HeadersInit): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** Zod issues as `[{ path, message }]`; an unknown field becomes one issue named by its path. */
export function zodIssues(error: z.ZodError): Issue[] {
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ path: [...base, key].join("."), message: `Unknown field "${key}".` });
    } else {
      issues.push({ path: base.join("."), message: issue.message });
    }
  }
  return issues;
}

/** Expected failures answer their code and message; anything else is logged with a request id. */
export function errorResponse(error: unknown, context: string): Response {
  if (isAppError(error)) {
    return json(error.status, { error: { code: error.code, message: error.message, ...error.details } }, error.headers);
  }
  const requestId = logUnexpected(error, context);
  return json(
    500,
    { error: { code: "internal_error", message: `Something went wrong (ref ${requestId}).`, requestId } },
    { "x-request-id": requestId },
  );
}
