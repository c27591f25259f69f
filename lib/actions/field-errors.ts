import "server-only";
import { returnValidationErrors } from "next-safe-action";
import type { z } from "zod";
import { isAppError } from "@/lib/errors";

/**
 * Runs a service call; an AppError that names a field (details.field) comes back as that field's
 * validation error, so the form shows the server's message next to the field. Other errors pass
 * through to the action client's handleServerError.
 */
export async function withFieldErrors<T>(schema: z.ZodType, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const field = isAppError(error) ? (error.details?.field as string | undefined) : undefined;
    if (isAppError(error) && field) {
      // biome-ignore lint/suspicious/noExplicitAny: the error shape is built at run time from details.field, which the library's schema-typed signature cannot express
      returnValidationErrors(schema as any, { [field]: { _errors: [error.message] } } as any);
    }
    throw error;
  }
}
