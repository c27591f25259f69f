"use server";

import { z } from "zod";
import { withFieldErrors } from "@/lib/actions/field-errors";
import { memberAction } from "@/lib/actions/safe-action";
import { bulkAssignContacts } from "@/lib/contacts/bulk-assign-contacts";
import { bulkTagContacts } from "@/lib/contacts/bulk-tag-contacts";
import { unpinBinding } from "@/lib/contacts/unpin-binding";
import { updateContact } from "@/lib/contacts/update-contact";
import { CHANNELS } from "@/lib/engine/types";
import { isAppError } from "@/lib/errors";
import { choseNumber } from "@/lib/routing/decision-view";
import { whatIfDryRun } from "@/lib/routing/what-if-dry-run";
import { bulkAssignSchema, bulkTagSchema, unpinBindingSchema, updateContactSchema } from "./contacts.schema";

const editAction = memberAction.metadata({ permission: "editContacts" });

export const updateContactAction = editAction.inputSchema(updateContactSchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(updateContactSchema, async () => {
    const { contactId, tags, assignedUserId } = parsedInput;
    await updateContact({ ctx, contactId, input: { tags, assignedUserId } });
    return { ok: true };
  }),
);

export const bulkAssignContactsAction = editAction
  .inputSchema(bulkAssignSchema)
  .action(async ({ ctx, parsedInput }) =>
    withFieldErrors(bulkAssignSchema, () =>
      bulkAssignContacts({ ctx, contactIds: parsedInput.contactIds, assignedUserId: parsedInput.assignedUserId }),
    ),
  );

export const bulkTagContactsAction = editAction
  .inputSchema(bulkTagSchema)
  .action(async ({ ctx, parsedInput }) =>
    withFieldErrors(bulkTagSchema, () => bulkTagContacts({ ctx, contactIds: parsedInput.contactIds, tag: parsedInput.tag })),
  );

/** Which number each channel would use for this contact right now (a dry run per channel). */
export const contactRoutesAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(z.object({ locationId: z.string().min(1), contactId: z.string().min(1).max(64) }))
  .action(async ({ ctx, parsedInput }) =>
    Promise.all(
      CHANNELS.map(async (channel) => {
        const { actual } = await whatIfDryRun({ locationId: ctx.location.id, channel, body: "Hello", contactId: parsedInput.contactId });
        return {
          channel,
          ok: choseNumber(actual),
          rule: actual.rule,
          instance: actual.instance,
          errorCode: actual.errorCode,
          errorName: actual.errorName,
        };
      }),
    ),
  );

/** Unpins the contact's conversation on a channel: the same service as DELETE /contacts/{id}/bindings/{channel}. */
/** Unpinning what is already unpinned (another tab, another member) is done, not an error. */
export const unpinBindingAction = editAction.inputSchema(unpinBindingSchema).action(async ({ ctx, parsedInput }) => {
  try {
    await unpinBinding({ ctx, contactId: parsedInput.contactId, channel: parsedInput.channel });
  } catch (error) {
    if (!isAppError(error) || error.code !== "not_found") throw error;
  }
  return { ok: true };
});
