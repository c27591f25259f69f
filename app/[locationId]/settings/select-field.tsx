"use client";

import { FormField } from "@/components/common/form-field";
import { type Option, OptionSelect } from "@/components/common/option-select";

/** A settings field that picks one of fixed options, full width, with its label and error. */
export function SelectField<V extends string>(props: {
  id: string;
  label: string;
  error?: string;
  value: V;
  onValueChange: (value: V) => void;
  options: readonly Option<V>[];
  disabled: boolean;
}) {
  const { id, label, error, ...select } = props;
  return (
    <FormField id={id} label={label} error={error}>
      {(control) => <OptionSelect {...control} {...select} className="w-full min-w-0" />}
    </FormField>
  );
}
