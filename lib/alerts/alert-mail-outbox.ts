import "server-only";
// The alert e-mail as owed work (SPEC §1 Alert; "nothing is lost"). The transaction that raises an
// alert records its addresses and that its e-mail is due (emailTo, emailDueAt), so a process that
// dies between that commit and the SMTP server leaves the e-mail due, and the next sweep of any
// process sends it. Each attempt first claims the e-mail with one conditional update — the
// attempt count moves on and the e-mail is due again only when the claim runs out — so two
// processes never send it at once, and a claim whose process died is taken over. A failure is
// recorded with its reason and retried with doubling waits; after the last attempt it stays failed.
// Delivery is at least once: a process dying after the SMTP server took the e-mail but before
// the record can let it be sent again.
import { sendAlertMail } from "@/lib/alerts/alert-mail";
import { db } from "@/lib/db/client";
import type { AlertKind } from "@/lib/domain";
import type { Channel } from "@/lib/engine/types";
import { env } from "@/lib/env";

/** Attempts before an e-mail is given up. */
export const ALERT_MAIL_ATTEMPTS = 6;
/** How long an attempt holds its claim: longer than a send can take (alert-mail.ts's timeouts). */
export const ALERT_MAIL_CLAIM_MS = 120_000;
/** E-mails looked at per pass: alerts are rare; the rest wait for the next sweep. */
const PASS = 50;

type DueMail = { id: string; kind: string; channel: string; message: string; emailTo: string | null; emailAttempts: number };

/**
 * Sends the alert e-mails due at `now` (of `alertIds` only, when given: the alert just raised).
 * Returns the ids of those this call delivered; another process's deliveries are not counted.
 */
export async function sendDueAlertMails(options: { now?: number; alertIds?: string[] } = {}): Promise<string[]> {
  const now = options.now ?? Date.now();
  const due = await db.alert.findMany({
    where: { emailDueAt: { lte: new Date(now) }, ...(options.alertIds ? { id: { in: options.alertIds } } : {}) },
    select: { id: true, kind: true, channel: true, message: true, emailTo: true, emailAttempts: true },
    orderBy: { emailDueAt: "asc" },
    take: PASS,
  });
  const sent: string[] = [];
  for (const mail of due) if (await sendOne(mail, now)) sent.push(mail.id);
  return sent;
}

/** One attempt at one e-mail: claimed, sent, recorded. True when this call delivered it. */
async function sendOne(mail: DueMail, now: number): Promise<boolean> {
  const attempt = mail.emailAttempts + 1;
  // The claim: of the processes that read this e-mail as due, one moves its attempt count on.
  const claimed = await db.alert.updateMany({
    where: { id: mail.id, emailAttempts: mail.emailAttempts, emailDueAt: { lte: new Date(now) } },
    data: { emailAttempts: attempt, emailDueAt: new Date(now + ALERT_MAIL_CLAIM_MS) },
  });
  if (claimed.count === 0) return false;
  try {
    await sendAlertMail({
      to: JSON.parse(mail.emailTo ?? "[]") as string[],
      kind: mail.kind as AlertKind,
      channel: mail.channel as Channel,
      message: mail.message,
    });
  } catch (error) {
    const reason = (error as Error).message.slice(0, 400);
    console.error(`[alerts] e-mail for alert ${mail.id} failed (attempt ${attempt}): ${reason}`);
    // Without SMTP_URL no attempt can succeed: given up at once, and the reason says why.
    const { SMTP_URL, ALERT_MAIL_RETRY_SECONDS } = env();
    const givenUp = !SMTP_URL || attempt >= ALERT_MAIL_ATTEMPTS;
    await db.alert.updateMany({
      where: { id: mail.id, emailAttempts: attempt, emailedAt: null },
      data: givenUp
        ? { emailError: SMTP_URL ? `${reason} (gave up after ${attempt} attempts)` : reason, emailDueAt: null }
        : { emailError: reason, emailDueAt: new Date(now + ALERT_MAIL_RETRY_SECONDS * 1000 * 2 ** (attempt - 1)) },
    });
    return false;
  }
  await db.alert.update({ where: { id: mail.id }, data: { emailedAt: new Date(now), emailError: null, emailDueAt: null } });
  return true;
}
