import "server-only";
// Alert e-mail (SPEC §1, §3 alertEmails) through nodemailer to the SMTP server of SMTP_URL. One
// transport per process (it pools nothing by default: one connection per message, which is what an
// alert's rate needs). No SMTP_URL: alerts are still raised, shown and sent as webhooks, and the
// alert records why no e-mail went out.
import nodemailer, { type Transporter } from "nodemailer";
import { ALERT_KIND_LABELS, type AlertKind, CHANNEL_LABELS } from "@/lib/domain";
import type { Channel } from "@/lib/engine/types";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

const transports = processSingleton("alert-mail", () => new Map<string, Transporter>());

export async function sendAlertMail(mail: { to: string[]; kind: AlertKind; channel: Channel; message: string }): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: no alert e-mail is sent");
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  const title = `${ALERT_KIND_LABELS[mail.kind]} (${CHANNEL_LABELS[mail.channel]})`;
  await transport.sendMail({
    from: env().SMTP_FROM,
    to: mail.to,
    subject: `[Number Router] ${title}`,
    text: `${title}\n\n${mail.message}\n\nOpen the dashboard's alerts to acknowledge it.`,
  });
}
