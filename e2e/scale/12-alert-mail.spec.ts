// Alert e-mail from two processes (SPEC §1 Alert, §5; "nothing is lost"): the e-mail is owed from
// the transaction that raises the alert, and each attempt claims it in the database. With the
// SMTP server down when the bans come in, every first attempt fails; once it is up, the two
// processes' sweeps (every second each) deliver each alert's e-mail exactly once.
import { smtpInbox } from "../support/smtp-inbox";
import { expect, SCALE_SMTP_PORT, tally, test, whatsappPool } from "./fixtures";

const BANS = 6;

test(`${BANS} bans while the SMTP server is down: once it is up, one e-mail per alert, through either process`, async ({ tenant, db }) => {
  test.setTimeout(60_000);
  const t = await tenant({ instances: whatsappPool(BANS + 1, "697") });
  await db.location.update({ where: { id: t.id }, data: { alertEmails: JSON.stringify(["ops@scale.test"]) } });
  const replies = await Promise.all(
    Array.from({ length: BANS }, (_, i) =>
      t.api.post(i % 2, `/instances/${t.instances[`whatsapp#${i + 1}`]}/status`, { status: "disconnected", reason: "banned" }),
    ),
  );
  expect(tally(replies.map((r) => r.status))).toEqual({ 200: BANS });
  const mails = () =>
    db.alert.findMany({ where: { locationId: t.id }, select: { id: true, emailAttempts: true, emailedAt: true, emailError: true } });
  // Nothing listens on the port yet: each e-mail's first attempt is refused, and it stays owed.
  await expect.poll(async () => (await mails()).filter((a) => a.emailAttempts >= 1 && a.emailError).length, { timeout: 10_000 }).toBe(BANS);
  expect((await mails()).filter((a) => a.emailedAt)).toEqual([]);

  const smtp = smtpInbox(SCALE_SMTP_PORT);
  await smtp.start();
  try {
    await expect.poll(async () => (await mails()).filter((a) => a.emailedAt).length, { timeout: 30_000 }).toBe(BANS);
    // Several more sweeps of both processes: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const ours = smtp.mails.filter((m) => m.to.includes("ops@scale.test"));
    expect(ours).toHaveLength(BANS);
    const named = ours.map((m) => /WA #(\d+)/.exec(m.text)?.[1]);
    expect(tally(named.map(String))).toEqual(Object.fromEntries(Array.from({ length: BANS }, (_, i) => [String(i + 1), 1])));
    const rows = await mails();
    expect(rows.every((a) => a.emailError === null)).toBe(true);
  } finally {
    await smtp.stop();
  }
});
