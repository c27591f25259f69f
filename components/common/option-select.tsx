"use client";

import type * as React from "react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export type Option<V extends string = string> = readonly [value: V, label: React.ReactNode];

export type OptionSelectProps<V extends string> = Omit<
  React.ComponentProps<typeof SelectTrigger>,
  "children" | "value" | "defaultValue"
> & {
  value: V;
  onValueChange: (value: V) => void;
  options: readonly Option<V>[];
  placeholder?: string;
};

/** A select of fixed options, each `[value, label]`; the other props go to its trigger (id, size, class, aria-*). */
export function OptionSelect<V extends string>({ value, onValueChange, options, placeholder, disabled, ...trigger }: OptionSelectProps<V>) {
  return (
    // The value is always one of `options`, whose values are V.
    <Select value={value} onValueChange={(next) => onValueChange(next as V)} disabled={disabled}>
      <SelectTrigger {...trigger}>
        <SelectValue placeholder={placeholder} />
      </SelectTrigger>
      <SelectContent>
        {options.map(([option, label]) => (
          <SelectItem key={option} value={option}>
            {label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
