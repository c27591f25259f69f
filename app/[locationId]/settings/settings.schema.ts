import { z } from "zod";
import { addMemberSchema, changeMemberRoleSchema, removeMemberSchema } from "@/lib/members/member.schema";
import { updateSettingsSchema } from "@/lib/settings/settings.schema";
import { lineText } from "@/lib/text-input";

const id = z.string().min(1).max(64);

/** The settings form: the service's own schema (shared with PATCH /settings) plus the location. */
export const saveSettingsSchema = updateSettingsSchema.extend({ locationId: id });
export const createApiKeySchema = z.object({ locationId: id, name: lineText().min(1, "Name the key after what uses it").max(80) });
export const revokeApiKeySchema = z.object({ locationId: id, keyId: id });

/** Members card: the member service's own schemas (shared with the CLI) plus the location. */
export const addMemberActionSchema = addMemberSchema.extend({ locationId: id });
export const changeMemberRoleActionSchema = changeMemberRoleSchema.extend({ locationId: id });
export const removeMemberActionSchema = removeMemberSchema.extend({ locationId: id });
