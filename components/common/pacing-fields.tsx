"use client";

import { Input } from "@/components/ui/input";
import { FormField } from "./form-field";

const FIELDS = [
  { name: "minIntervalSeconds", label: "Minimum gap (s)", hint: "Between two sends of one number." },
  { name: "jitterSeconds", label: "Random jitter (s)", hint: "Added to the gap, up to this much." },
  { name: "hourlyLimit", label: "Per hour", hint: "Sends per clock hour." },
  { name: "newContactsPerDay", label: "New contacts per day", hint: "Contacts it never wrote to before." },
] as const;

type PacingName = (typeof FIELDS)[number]["name"];
/** The four fields as typed: "" is no limit. */
export type PacingValues = Record<PacingName, string>;

/** A pacing object (SPEC §1) as the fields show it. */
export function pacingText(pacing: Record<PacingName, number | null>): PacingValues {
  const text = (n: number | null) => (n === null ? "" : String(n));
  return {
    minIntervalSeconds: text(pacing.minIntervalSeconds),
    jitterSeconds: text(pacing.jitterSeconds),
    hourlyLimit: text(pacing.hourlyLimit),
    newContactsPerDay: text(pacing.newContactsPerDay),
  };
}

/** The fields as the API's pacing object: empty → null (no limit), else the number typed (the schema checks it). */
export function pacingInput(values: PacingValues) {
  const number = (v: string) => (v.trim() === "" ? null : Number(v.trim()));
  return {
    minIntervalSeconds: number(values.minIntervalSeconds),
    jitterSeconds: number(values.jitterSeconds),
    hourlyLimit: number(values.hourlyLimit),
    newContactsPerDay: number(values.newContactsPerDay),
  };
}

type Props = {
  idPrefix: string;
  values: PacingValues;
  onChange: (values: PacingValues) => void;
  /** Field errors keyed `${errorPrefix}${name}` (use-form-action.ts). */
  errors: Record<string, string>;
  errorPrefix: string;
  disabled?: boolean;
};

/** The four pacing numbers of an instance or of the location's defaults; empty = no limit. */
export function PacingFields({ idPrefix, values, onChange, errors, errorPrefix, disabled }: Props) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {FIELDS.map((field) => (
        <FormField
          key={field.name}
          id={`${idPrefix}-${field.name}`}
          label={field.label}
          hint={field.hint}
          error={errors[`${errorPrefix}${field.name}`]}
        >
          {(control) => (
            <Input
              {...control}
              inputMode="numeric"
              placeholder="no limit"
              value={values[field.name]}
              disabled={disabled}
              onChange={(e) => onChange({ ...values, [field.name]: e.target.value })}
            />
          )}
        </FormField>
      ))}
    </div>
  );
}
