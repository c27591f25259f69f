"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { listAlerts } from "@/lib/alerts/list-alerts";

const idSchema = z.string().min(1).max(64);

/** The bell and the list: every member sees the location's alerts. */
export const listAlertsAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(z.object({ locationId: z.string().min(1) }))
  .action(async ({ ctx }) => listAlerts({ ctx }));

/** Admins acknowledge (SPEC §3 `POST /alerts/{id}/ack`). */
export const acknowledgeAlertAction = memberAction
  .metadata({ permission: "manageSettings" })
  .inputSchema(z.object({ locationId: z.string().min(1), alertId: idSchema }))
  .action(async ({ ctx, parsedInput }) => acknowledgeAlert({ ctx, alertId: parsedInput.alertId }));
