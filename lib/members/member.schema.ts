// Member management inputs, shared by the Settings form, its server actions and the CLI.
// Imports only zod (and the role vocabulary), so client components can use it.
import { z } from "zod";
import { roleSchema } from "@/lib/domain";

const userId = z.string().min(1).max(64);

export const memberEmailSchema = z.string().trim().toLowerCase().email("Enter an e-mail address like name@example.com").max(254);

export const addMemberSchema = z.object({
  email: memberEmailSchema,
  /** Needed only when no account has this e-mail yet; an existing account keeps its own name. */
  name: z.string().trim().max(120).optional(),
  role: roleSchema,
});

export const changeMemberRoleSchema = z.object({ userId, role: roleSchema });
export const removeMemberSchema = z.object({ userId });
