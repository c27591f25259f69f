import "server-only";
import { createSafeActionClient } from "next-safe-action";
import { z } from "zod";
import { requireMember } from "@/lib/auth/session";
import { PERMISSIONS, type Permission } from "@/lib/domain";
import { AppError, isAppError, logUnexpected } from "@/lib/errors";
import { pathOfNul } from "@/lib/text-input";

// Base client: expected AppErrors reach the user by message; anything else is logged
// with an id and the user sees a generic message (never a raw e.message).
const actionClient = createSafeActionClient({
  defineMetadataSchema: () => z.object({ permission: z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]) }),
  handleServerError(error) {
    if (isAppError(error)) return error.message;
    const id = logUnexpected(error, "server action");
    return `Something went wrong (ref ${id}).`;
  },
});

const locationInput = z.object({ locationId: z.string().min(1).max(64) });

/**
 * Authenticated, location-scoped, role-gated client. Every action's input carries `locationId`;
 * the middleware reads the session and the membership from the database on every call and
 * refuses roles outside `metadata.permission` — the UI hiding a button is not enforcement.
 * Usage: memberAction.metadata({ permission: "editContacts" }).inputSchema(schema).action(...)
 */
export const memberAction = actionClient.use(async ({ next, clientInput, metadata }) => {
  const parsed = locationInput.safeParse(clientInput);
  if (!parsed.success) throw new Error("Server action called without a locationId.");
  // Before any query: PostgreSQL cannot compare NUL, and would answer a 500 (see pathOfNul).
  const nul = pathOfNul(clientInput);
  if (nul !== null) throw new AppError("invalid_request", `The field "${nul}" contains a NUL character (U+0000).`);
  const ctx = await requireMember(parsed.data.locationId, PERMISSIONS[metadata.permission]);
  return next({ ctx });
});
