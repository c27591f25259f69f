// A real SMTP server for the alert e-mail tests (smtp-server, on loopback, no TLS, no auth): what
// the app's nodemailer transport delivers lands in `mails`, with the envelope and the raw message.
// `refuse(n)` answers the next n messages with a temporary failure (451), as a busy server does.
import { SMTPServer } from "smtp-server";

export type Mail = { from: string; to: string[]; text: string };

export function smtpInbox(port: number) {
  const mails: Mail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals--;
          return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), text: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  return {
    mails,
    refuse: (n: number) => {
      refusals = n;
    },
    start: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    stop: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}
