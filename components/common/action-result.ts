/** The shape next-safe-action returns; kept loose so every action's result fits. */
export type ActionResultLike<T> =
  | { data?: T; serverError?: string; validationErrors?: unknown }
  | undefined;

export class ActionError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Data of a successful action, else an ActionError carrying the server's per-field messages. */
export function unwrap<T>(result: ActionResultLike<T>): T {
  if (!result) throw new ActionError("No answer from the server. Try again.");
  if (result.serverError) throw new ActionError(result.serverError);
  if (result.validationErrors) {
    const fields = fieldErrors(result.validationErrors);
    throw new ActionError(Object.values(fields)[0] ?? "Check the highlighted fields.", fields);
  }
  return result.data as T;
}

/** Flattens next-safe-action's formatted errors ({ field: { _errors: [...] } }) to field → first message. */
export function fieldErrors(validationErrors: unknown, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  if (!validationErrors || typeof validationErrors !== "object") return out;
  for (const [key, value] of Object.entries(validationErrors as Record<string, unknown>)) {
    if (key === "_errors") {
      const first = (value as string[] | undefined)?.[0];
      if (first) out[prefix || "_form"] = first;
    } else {
      Object.assign(out, fieldErrors(value, prefix ? `${prefix}.${key}` : key));
    }
  }
  return out;
}

export function errorMessage(error: unknown) {
  return error instanceof Error ? error.message : "Something went wrong.";
}
