import type * as React from "react";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { FieldError } from "./field-error";

/** What a field's control takes from its FormField: the id its label names, and its error (and hint) to announce. */
type FieldControl = { id: string; "aria-invalid": boolean; "aria-describedby": string };

type Props = {
  id: string;
  label: React.ReactNode;
  /** The browser's or the server's message for this field (use-form-action.ts). */
  error?: string;
  hint?: React.ReactNode;
  className?: string;
  labelClassName?: string;
  /** The control, given the props that tie it to the label, the hint and the error. */
  children: (control: FieldControl) => React.ReactNode;
};

/** A form's field: label, control, hint and error message (`${id}-error`, `${id}-hint`), tied together for screen readers. */
export function FormField({ id, label, error, hint, className, labelClassName, children }: Props) {
  const describedBy = hint ? `${id}-error ${id}-hint` : `${id}-error`;
  return (
    <div className={cn("grid gap-2", className)}>
      <Label htmlFor={id} className={labelClassName}>
        {label}
      </Label>
      {children({ id, "aria-invalid": !!error, "aria-describedby": describedBy })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
