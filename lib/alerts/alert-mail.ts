import "server-only";
// Alert e-mail (SPEC §1, §3 alertEmails) through nodemailer to the SMTP server of SMTP_URL. One
// transport per process, made on first use (it pools nothing by default: one connection per
// message, which is what an alert's rate needs). No SMTP_URL: alerts are still raised, shown and
// sent as webhooks, and the alert records why no e-mail went out.
import nodemailer, { type Transporter } from "nodemailer";
import { ALERT_KIND_LABELS, type AlertKind, CHANNEL_LABELS } from "@/lib/domain";
import type { Channel } from "@/lib/engine/types";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

const mailer = processSingleton<{ transport: Transporter | null }>("alert-mail", () => ({ transport: null }));

export async function sendAlertMail(mail: { to: string[]; kind: AlertKind; channel: Channel; message: string }): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: no alert e-mail is sent");
  // Timeouts well inside the claim an attempt holds (ALERT_MAIL_CLAIM_MS): a hung server fails
  // the attempt before another process may take the e-mail over.
  mailer.transport ??= nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  const title = `${ALERT_KIND_LABELS[mail.kind]} (${CHANNEL_LABELS[mail.channel]})`;
  await mailer.transport.sendMail({
    from: env().SMTP_FROM,
    to: mail.to,
    subject: `[Number Router] ${title}`,
    text: `${title}\n\n${mail.message}\n\nOpen the dashboard's alerts to acknowledge it.`,
  });
}
