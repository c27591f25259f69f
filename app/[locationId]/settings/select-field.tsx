"use client";

import type { FieldErrors } from "@/components/common/action-result";
import { FormField } from "@/components/common/form-field";
import { type Option, OptionSelect } from "@/components/common/option-select";
import { FAILOVER_POLICY_LABELS, GEOMATCH_MODE_LABELS, ROTATION_STRATEGY_LABELS } from "@/lib/domain";
import {
  FAILOVER_POLICIES,
  type FailoverPolicy,
  GEOMATCH_MODES,
  type GeomatchMode,
  ROTATION_STRATEGIES,
  type RotationStrategy,
} from "@/lib/engine/types";

type Choices = { rotationStrategy: RotationStrategy; failover: FailoverPolicy; geomatch: GeomatchMode };

/** Each setting picked from fixed options: its field's id and label, and its options in the vocabulary's order and words. */
const FIELDS: { [S in keyof Choices]: { id: string; label: string; options: readonly Option<Choices[S]>[] } } = {
  rotationStrategy: {
    id: "settings-strategy",
    label: "Rotation strategy",
    options: ROTATION_STRATEGIES.map((s) => [s, ROTATION_STRATEGY_LABELS[s]]),
  },
  failover: {
    id: "policies-failover",
    label: "When a rule's number cannot send",
    options: FAILOVER_POLICIES.map((p) => [p, FAILOVER_POLICY_LABELS[p]]),
  },
  geomatch: {
    id: "policies-geomatch",
    label: "Rotation prefers",
    options: GEOMATCH_MODES.map((m) => [m, GEOMATCH_MODE_LABELS[m]]),
  },
};

/** The settings field of `setting`, full width, with its label and the save's error for it. */
export function SelectField<S extends keyof Choices>(props: {
  setting: S;
  value: Choices[S];
  onValueChange: (value: Choices[S]) => void;
  errors: FieldErrors;
  disabled: boolean;
}) {
  const { setting, errors, ...select } = props;
  const { id, label, options } = FIELDS[setting];
  return (
    <FormField id={id} label={label} error={errors[setting]}>
      {(control) => <OptionSelect {...control} {...select} options={options} className="w-full min-w-0" />}
    </FormField>
  );
}
