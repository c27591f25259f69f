"use client";

import type { HookBaseOptions, SingleInputActionFn } from "next-safe-action/hooks";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import type { z } from "zod";
import { actionErrors, type FieldErrors } from "./action-result";

/**
 * next-safe-action's `useAction` for a form whose fields are checked in the browser first: the
 * form's schema answers a mistyped field at once, without a round trip; the action checks again
 * on the server. `errors` holds the browser's messages, else the server's (a field named in an
 * AppError lands beside that field, see lib/actions/field-errors.ts); pending state and results
 * are the hook's own.
 */
export function useFormAction<
  ServerError extends string,
  Schema extends z.ZodType,
  ShapedErrors,
  Data,
  Form extends z.ZodType<z.input<Schema>>,
>(
  action: SingleInputActionFn<ServerError, Schema, ShapedErrors, Data>,
  formSchema: Form,
  options?: HookBaseOptions<ServerError, Schema, ShapedErrors, Data>,
) {
  const hook = useAction(action, options);
  const [invalid, setInvalid] = useState<FieldErrors | null>(null);

  /** Takes the fields as typed (unchecked values, hence `unknown`); the schema decides. */
  function submit(input: { [Field in keyof z.input<Form>]?: unknown }) {
    const parsed = formSchema.safeParse(input);
    if (!parsed.success) {
      setInvalid(browserErrors(parsed.error));
      hook.reset(); // an older server answer no longer describes these fields
      return;
    }
    setInvalid(null);
    // The form schema's output is the action's input (the type parameter says so); TypeScript
    // cannot see through next-safe-action's conditional input type to match the two.
    hook.execute(parsed.data as Parameters<typeof hook.execute>[0]);
  }

  function reset() {
    setInvalid(null);
    hook.reset();
  }

  const errors: FieldErrors = invalid ?? actionErrors(hook);
  return { ...hook, submit, reset, errors };
}

/**
 * A field's first issue, as the server's answer shows it (action-result.ts): under its top-level
 * field and, for a nested one, under its dotted path too ("gateway.url").
 */
function browserErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    errors[String(issue.path[0])] ??= issue.message;
    if (issue.path.length > 1) errors[issue.path.map(String).join(".")] ??= issue.message;
  }
  return errors;
}
