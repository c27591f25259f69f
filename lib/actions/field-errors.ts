import "server-only";
import { returnValidationErrors } from "next-safe-action";
import type { z } from "zod";
import { isAppError } from "@/lib/errors";

/**
 * Runs a service call; an AppError that names a field (details.field) or lists issues with paths
 * (details.issues, as invalidRequest builds them: "gateway.credentials") comes back as those
 * fields' validation errors, so the form shows the server's message next to the field. Other
 * errors pass through to the action client's handleServerError.
 */
export async function withFieldErrors<T>(schema: z.ZodType, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const fields = isAppError(error) ? fieldMessages(error.message, error.details) : {};
    if (Object.keys(fields).length > 0) {
      // biome-ignore lint/suspicious/noExplicitAny: the error shape is built at run time from the error's details, which the library's schema-typed signature cannot express
      returnValidationErrors(schema as any, fields as any);
    }
    throw error;
  }
}

function fieldMessages(message: string, details: Record<string, unknown> | undefined): Record<string, { _errors: string[] }> {
  const out: Record<string, { _errors: string[] }> = {};
  if (typeof details?.field === "string") out[details.field] = { _errors: [message] };
  const issues = Array.isArray(details?.issues) ? (details.issues as { path?: unknown; message?: unknown }[]) : [];
  for (const issue of issues) {
    if (typeof issue.path === "string" && issue.path && typeof issue.message === "string") out[issue.path] ??= { _errors: [issue.message] };
  }
  return out;
}
