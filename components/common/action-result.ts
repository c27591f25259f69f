/** The shape next-safe-action returns; kept loose so every action's result fits. */
export type ActionResultLike<T> = { data?: T; serverError?: string; validationErrors?: unknown } | undefined;

/** Field name → the message shown beside it; `_form` is the message for the form as a whole. */
export type FieldErrors = Record<string, string>;

const NO_ANSWER = "Something went wrong.";

/** Data of a successful action, else an Error with the server's message (react-query reads, confirm dialogs). */
export function unwrap<T>(result: ActionResultLike<T>): T {
  if (!result) throw new Error("No answer from the server. Try again.");
  const errors = refusalErrors(result);
  if (errors) throw new Error(errors._form);
  return result.data as T;
}

/** What a form shows once its `useAction` hook has failed: the server's per-field messages and `_form`. */
export function actionErrors(action: { hasErrored: boolean; result: ActionResultLike<unknown> }): FieldErrors {
  if (!action.hasErrored) return {};
  // A failure without a result is a thrown error (network, crash): nothing the user can act on.
  return refusalErrors(action.result) ?? { _form: NO_ANSWER };
}

/** One line for a toast from a `useAction` hook's `onError` error. */
export function refusalMessage(error: ActionResultLike<unknown>): string {
  return refusalErrors(error)?._form ?? NO_ANSWER;
}

/** `_form` is the server's refusal, or else the first field's message (for forms without that field). */
function refusalErrors(result: ActionResultLike<unknown>): FieldErrors | null {
  if (result?.serverError) return { _form: result.serverError };
  if (!result?.validationErrors) return null;
  const fields = flattenValidationErrors(result.validationErrors);
  return { _form: Object.values(fields)[0] ?? "Check the highlighted fields.", ...fields };
}

/** next-safe-action's formatted errors ({ field: { _errors: [...] } }) as field path → first message. */
function flattenValidationErrors(validationErrors: unknown, prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  if (!validationErrors || typeof validationErrors !== "object") return out;
  for (const [key, value] of Object.entries(validationErrors as Record<string, unknown>)) {
    if (key === "_errors") {
      const first = (value as string[] | undefined)?.[0];
      if (first) out[prefix || "_form"] = first;
    } else {
      Object.assign(out, flattenValidationErrors(value, prefix ? `${prefix}.${key}` : key));
    }
  }
  return out;
}
