"use client";

import { type Option, OptionSelect, type OptionSelectProps } from "./option-select";

/** The value of "Nobody" in a member picker (and of the contacts' "assigned to nobody" filter). */
export const NOBODY = "none";

/** A picked member's user id; null for "Nobody". */
export function pickedUserId(value: string): string | null {
  return value === NOBODY ? null : value;
}

type Props = Omit<OptionSelectProps<string>, "options"> & {
  team: readonly { id: string; name: string }[];
  /** How "Nobody" reads here. */
  nobody?: string;
  /** Options before "Nobody", e.g. a filter's "Anyone". */
  first?: readonly Option[];
};

/** Picks one of the location's members by name, or nobody (the assign-to pickers). */
export function MemberSelect({ team, nobody = "Nobody", first = [], ...select }: Props) {
  return <OptionSelect {...select} options={[...first, [NOBODY, nobody], ...team.map((u) => [u.id, u.name] as const)]} />;
}
