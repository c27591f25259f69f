// A location's send window (SPEC §3 settings `sendWindow`): an IANA time zone, the ISO weekdays
// (1 = Monday … 7 = Sunday) and a start and end time of day. `end` before `start` is a window that
// crosses midnight (22:00–06:00); `start` equal to `end` is refused (say which days instead).
// Pure zod, shared by the API and the settings form.
import { z } from "zod";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether `zone` is a time zone this runtime knows (the IANA database shipped with Node/ICU). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const sendWindowSchema = z
  .strictObject({
    timezone: z.string().trim().min(1).max(64).refine(isTimeZone, "Must be an IANA time zone such as America/New_York"),
    days: z
      .array(z.number().int().min(1, "Days are 1 (Monday) to 7 (Sunday)").max(7, "Days are 1 (Monday) to 7 (Sunday)"))
      .min(1, "Pick at least one day")
      .max(7)
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    start: z.string().regex(TIME, "A time of day, HH:MM (24 h)"),
    end: z.string().regex(TIME, "A time of day, HH:MM (24 h)"),
  })
  .refine((w) => w.start !== w.end, { path: ["end"], message: "The window must not start and end at the same time" });

export type SendWindow = z.infer<typeof sendWindowSchema>;
