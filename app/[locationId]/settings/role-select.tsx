"use client";

import { OptionSelect, type OptionSelectProps } from "@/components/common/option-select";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/domain";

/** Picks a member's role (admin, agent, support). */
export function RoleSelect(props: Omit<OptionSelectProps<Role>, "options">) {
  return <OptionSelect {...props} options={ROLES.map((r) => [r, ROLE_LABELS[r]] as const)} />;
}
