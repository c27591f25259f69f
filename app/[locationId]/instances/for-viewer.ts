import { can, type Role } from "@/lib/domain";

/**
 * Instances as a member of `role` may see them: the inbound URL carries the token that lets a
 * gateway report statuses and inbound messages, so only admins (who manage gateways) get it.
 */
export function forViewer<T extends { gateway: { inboundUrl: string } | null }>(rows: T[], role: Role): T[] {
  if (can(role, "manageInstances")) return rows;
  return rows.map((row) => (row.gateway ? { ...row, gateway: { ...row.gateway, inboundUrl: "" } } : row));
}
