// Zod vocabularies shared by every boundary (route handlers, server actions, forms, CLI).
// Imports only zod and the engine's constants, so client components can use it too.
import { z } from "zod";
import { CHANNELS, RULES } from "@/lib/engine/types";

export const ROLES = ["admin", "agent", "support"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const channelSchema = z.enum(CHANNELS);
export const ruleSchema = z.enum(RULES);
export const INSTANCE_STATUSES = ["qr_pending", "connecting", "connected", "disconnected"] as const;
export const instanceStatusSchema = z.enum(INSTANCE_STATUSES);
export const STATUS_REASONS = ["transient", "logged_out", "banned"] as const;
export const statusReasonSchema = z.enum(STATUS_REASONS);
export const ROTATION_STRATEGIES = ["round_robin", "least_used", "health_weighted"] as const;
export const rotationStrategySchema = z.enum(ROTATION_STRATEGIES);
export const MESSAGE_STATUSES = ["sent", "failed", "delivered"] as const;
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  whatsapp: "WhatsApp",
  imessage: "iMessage",
  sms: "SMS",
};

/** What each role may do (SPEC §4). Server code checks these; the UI only mirrors them. */
export const PERMISSIONS = {
  view: ["admin", "agent", "support"],
  editContacts: ["admin", "agent"],
  manageInstances: ["admin"],
  manageSettings: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
