"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { messageTimeline } from "@/lib/messages/message-timeline";
import { replayMessage } from "@/lib/messages/replay-message";

/** A dry run (nothing sent): every role may read traces and replay them. */
export const replayMessageAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(z.object({ locationId: z.string().min(1), messageId: z.string().min(1).max(64) }))
  .action(async ({ ctx, parsedInput }) => replayMessage({ ctx, messageId: parsedInput.messageId }));

/** A message's delivery timeline (every role reads message logs). */
export const messageTimelineAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(z.object({ locationId: z.string().min(1), messageId: z.string().min(1).max(64) }))
  .action(async ({ ctx, parsedInput }) => messageTimeline({ ctx, messageId: parsedInput.messageId }));
