"use client";

import { createContext, type ReactNode, useContext } from "react";
import { can, type Permission, type Role } from "@/lib/domain";

type RoleContextValue = { role: Role; locationId: string; userId: string };
const RoleContext = createContext<RoleContextValue | null>(null);

/** Mirrors the member's role for the UI (hiding controls); the server enforces it. */
export function RoleProvider({ children, ...value }: RoleContextValue & { children: ReactNode }) {
  return <RoleContext.Provider value={value}>{children}</RoleContext.Provider>;
}

function useMember() {
  const value = useContext(RoleContext);
  if (!value) throw new Error("useMember outside RoleProvider");
  return value;
}

export function useCan(permission: Permission) {
  return can(useMember().role, permission);
}
