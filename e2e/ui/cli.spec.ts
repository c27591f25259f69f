import { execFile, execFileSync } from "node:child_process";
import { E2E_DATABASE_URL } from "../support/constants";
import { expect, test } from "../support/fixtures";

// The operator CLI works on the live database while the app runs, and its users can sign in.
const CLI = ["--import", "tsx", "scripts/cli.ts"];
const CLI_ENV = { ...process.env, DATABASE_URL: E2E_DATABASE_URL };

function cli(...args: string[]) {
  const out = execFileSync(process.execPath, [...CLI, ...args], { env: CLI_ENV, encoding: "utf8" });
  return JSON.parse(out) as Record<string, string>;
}

/** Runs the CLI in its own process without throwing: exit status, parsed stdout, first stderr line. */
function cliRun(
  ...args: string[]
): Promise<{ status: number; out: Record<string, unknown> | null; error: Record<string, unknown> | null }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...CLI, ...args], { env: CLI_ENV, encoding: "utf8" }, (error, stdout, stderr) => {
      const status = error ? Number((error as { code?: number }).code ?? 1) : 0;
      const json = (text: string) => {
        try {
          return JSON.parse(text) as Record<string, unknown>;
        } catch {
          return null;
        }
      };
      resolve({ status, out: json(stdout), error: json(stderr.split("\n")[0] ?? "") });
    });
  });
}

/** `user add`'s arguments; a password only when one is given. */
function userAdd(location: string, email: string, name: string, role: string, password?: string): string[] {
  return [
    "user",
    "add",
    "--location",
    location,
    "--email",
    email,
    "--name",
    name,
    "--role",
    role,
    ...(password ? ["--password", password] : []),
  ];
}

// Each CLI run is a fresh Node process (~2–6 s on a busy machine); some tests run several.
test.describe.configure({ timeout: 300_000 });

test("location create + user add make a user who can sign in, and the API key works", async ({ page, request, signIn }) => {
  const name = `CLI Location ${Date.now()}`;
  const { locationId, apiKey } = cli("location", "create", "--name", name, "--country", "US");
  expect(locationId).toBeTruthy();
  expect(apiKey).toMatch(/^nr_/);
  const email = `cli-${Date.now()}@demo.example`;
  const { userId } = cli(...userAdd(locationId, email, "Cli Admin", "admin", "cli-pass-123"));
  expect(userId).toBeTruthy();

  const settings = await request.get("/api/v1/settings", { headers: { Authorization: `Bearer ${apiKey}` } });
  expect(settings.status()).toBe(200);

  await signIn(email, "cli-pass-123", page.context());
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/${locationId}/`));
  await expect(page.getByText(name).first()).toBeVisible();
});

test("bad arguments exit non-zero with a JSON error", async () => {
  let status = 0;
  let stderr = "";
  try {
    cli(...userAdd("x", "not-an-email", "N", "boss"));
  } catch (error) {
    status = (error as { status: number }).status;
    stderr = String((error as { stderr: string }).stderr);
  }
  expect(status).toBe(2);
  expect(JSON.parse(stderr.split("\n")[0]).error).toMatch(/--email/);
});

test("user add on an existing e-mail adds the membership and never prints or sets a password", async ({ page, db, signIn }) => {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const first = cli("location", "create", "--name", `CLI first ${stamp}`);
  const second = cli("location", "create", "--name", `CLI second ${stamp}`);
  const email = `cli-existing-${stamp}@demo.example`;
  const created = cli(...userAdd(first.locationId, email, "Existing", "agent", "first-pass-123"));
  expect(created).toEqual({ userId: created.userId });

  const again = await cliRun(...userAdd(second.locationId, email.toUpperCase(), "Other Name", "support"));
  expect(again.status).toBe(0);
  expect(again.out).toEqual({ userId: created.userId, existing: true });
  // Even when asked for one: the existing account keeps its own password.
  const third = cli("location", "create", "--name", `CLI third ${stamp}`);
  const withPassword = await cliRun(...userAdd(third.locationId, email, "Existing", "agent", "other-pass-456"));
  expect(withPassword.out).toEqual({ userId: created.userId, existing: true });

  const memberships = await db.membership.findMany({ where: { userId: created.userId }, select: { locationId: true, role: true } });
  expect(memberships).toEqual(
    expect.arrayContaining([
      { locationId: first.locationId, role: "agent" },
      { locationId: second.locationId, role: "support" },
      { locationId: third.locationId, role: "agent" },
    ]),
  );
  expect((await db.user.findUniqueOrThrow({ where: { id: created.userId } })).name).toBe("Existing");
  await signIn(email, "first-pass-123", page.context());
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/${first.locationId}/`));
});

test("member role and member remove; the last admin is refused with exit 1 and a JSON error", async ({ db }) => {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const { locationId } = cli("location", "create", "--name", `CLI members ${stamp}`);
  const a = `cli-a-${stamp}@demo.example`;
  const b = `cli-b-${stamp}@demo.example`;
  cli(...userAdd(locationId, a, "A", "admin"));
  const { userId: bId } = cli(...userAdd(locationId, b, "B", "agent"));

  for (const args of [
    ["member", "role", "--location", locationId, "--email", a, "--role", "agent"],
    ["member", "remove", "--location", locationId, "--email", a],
  ]) {
    const refused = await cliRun(...args);
    expect(refused.status, JSON.stringify(refused)).toBe(1);
    expect(refused.out).toBeNull();
    expect(refused.error).toMatchObject({ code: "last_admin", error: expect.stringMatching(/last admin/i) });
  }
  expect(await cliRun("member", "role", "--location", locationId, "--email", b, "--role", "admin")).toMatchObject({
    status: 0,
    out: { userId: bId, role: "admin", previousRole: "agent" },
  });
  expect((await cliRun("member", "role", "--location", locationId, "--email", a, "--role", "support")).status).toBe(0);
  expect(await cliRun("member", "remove", "--location", locationId, "--email", b)).toMatchObject({
    status: 1,
    error: { code: "last_admin" },
  });
  expect(await cliRun("member", "remove", "--location", locationId, "--email", a)).toMatchObject({ status: 0, out: { removed: true } });
  expect(await cliRun("member", "remove", "--location", locationId, "--email", a)).toMatchObject({
    status: 1,
    error: { code: "not_found" },
  });
  expect(await cliRun("member", "role", "--location", locationId, "--email", b, "--role", "boss")).toMatchObject({ status: 2 });

  const left = await db.membership.findMany({ where: { locationId }, select: { userId: true, role: true } });
  expect(left).toEqual([{ userId: bId, role: "admin" }]);
  const audit = await db.auditEntry.findMany({ where: { locationId, entityType: "member" }, select: { action: true, actorType: true } });
  expect(audit.map((e) => e.action).sort()).toEqual([
    "member.added",
    "member.added",
    "member.removed",
    "member.role_changed",
    "member.role_changed",
  ]);
});

test("two CLI processes removing the last two admins at once leave one admin", async ({ db }) => {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const { locationId } = cli("location", "create", "--name", `CLI race ${stamp}`);
  const emails = [`cli-race-a-${stamp}@demo.example`, `cli-race-b-${stamp}@demo.example`];
  for (const email of emails) cli(...userAdd(locationId, email, email, "admin"));
  const results = await Promise.all(emails.map((email) => cliRun("member", "remove", "--location", locationId, "--email", email)));
  expect(results.map((r) => r.status).sort()).toEqual([0, 1]);
  expect(results.find((r) => r.status === 1)?.error).toMatchObject({ code: "last_admin" });
  expect(await db.membership.count({ where: { locationId, role: "admin", active: true } })).toBe(1);
});
