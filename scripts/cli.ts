// Operator CLI (SPEC §5): `npm run cli -- <command>`. Works on the configured database, also
// while the app runs (SQLite WAL), and prints JSON on stdout. Bad arguments exit 2; a refusal of the
// service (the last admin, an unknown member) exits 1 with `{ "error", "code" }` on stderr.
import { parseArgs } from "node:util";
import { z } from "zod";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import type { ServiceContext } from "@/lib/audit/actor";
import { createPrismaClient } from "@/lib/db/create-client";
import { redactUrl } from "@/lib/db/dialect";
import { migrateDatabase } from "@/lib/db/migrate";
import { roleSchema } from "@/lib/domain";
import { databaseUrl, env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { addMember } from "@/lib/members/add-member";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { memberEmailSchema } from "@/lib/members/member.schema";
import { removeMember } from "@/lib/members/remove-member";
import { createLocation } from "@/lib/seed/factories";

const USAGE = `Usage: npm run cli -- <command>
  location create --name NAME [--country US]
  user add --location ID --email EMAIL --name NAME --role admin|agent|support [--password P]
      (an existing e-mail only gets the membership; its name and password stay as they are)
  member role --location ID --email EMAIL --role admin|agent|support
  member remove --location ID --email EMAIL
      (the last admin of a location can be neither demoted nor removed)
  apikey create --location ID [--name NAME]
  db migrate
  db seed`;

class UsageError extends Error {}

/** Who the audit log names for changes made from the CLI. */
const cliContext = (locationId: string): ServiceContext => ({
  location: { id: locationId },
  actor: { type: "system", id: null, label: "cli" },
});

async function main(argv: string[]) {
  const [group, verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" },
      country: { type: "string" },
      location: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
    },
    strict: true,
  });
  const url = databaseUrl();
  if (`${group} ${verb}` === "db migrate") return { applied: await migrateDatabase(url), database: redactUrl(url) };
  await migrateDatabase(url);
  const db = createPrismaClient(url);
  try {
    switch (`${group} ${verb}`) {
      case "location create": {
        const input = parse(
          z.object({
            name: z.string().trim().min(1).max(120),
            country: z
              .string()
              .regex(/^[A-Z]{2}$/, "a two-letter country code like US")
              .default("US"),
          }),
          values,
        );
        const location = await createLocation(db, { name: input.name, defaultCountry: input.country });
        return { locationId: location.id, apiKey: (await insertApiKey(db, { locationId: location.id })).key };
      }
      case "user add": {
        const input = parse(
          z.object({
            location: z.string().min(1),
            email: memberEmailSchema,
            name: z.string().trim().min(1).max(120),
            role: roleSchema,
            password: z.string().min(8, "at least 8 characters").max(200).optional(),
          }),
          values,
        );
        await requireLocation(db, input.location);
        const added = await addMember({ db, ctx: cliContext(input.location), input });
        if (added.existingUser) {
          // Never claim to have set a password: the account keeps the one it has.
          if (input.password) console.error("Note: the account already exists; --password was ignored (its password is unchanged).");
          return { userId: added.member.userId, existing: true };
        }
        return added.password ? { userId: added.member.userId, password: added.password } : { userId: added.member.userId };
      }
      case "member role": {
        const input = parse(z.object({ location: z.string().min(1), email: memberEmailSchema, role: roleSchema }), values);
        await requireLocation(db, input.location);
        const { member, previousRole } = await changeMemberRole({
          db,
          ctx: cliContext(input.location),
          member: { email: input.email },
          role: input.role,
        });
        return { userId: member.userId, role: member.role, previousRole };
      }
      case "member remove": {
        const input = parse(z.object({ location: z.string().min(1), email: memberEmailSchema }), values);
        await requireLocation(db, input.location);
        const { removed } = await removeMember({ db, ctx: cliContext(input.location), member: { email: input.email } });
        return { userId: removed.userId, removed: true };
      }
      case "apikey create": {
        const input = parse(z.object({ location: z.string().min(1), name: z.string().max(80).default("API key") }), values);
        await requireLocation(db, input.location);
        return { apiKey: (await insertApiKey(db, { locationId: input.location, name: input.name })).key };
      }
      case "db seed": {
        if (await db.location.count()) throw new UsageError("The database already has data; db seed only fills an empty database.");
        const { seedDemo } = await import("@/lib/seed/demo");
        const result = await seedDemo(db, { apiKey: env().SEED_API_KEY });
        return { seeded: true, locations: result.locations };
      }
      default:
        throw new UsageError(`Unknown command: ${[group, verb].filter(Boolean).join(" ") || "(none)"}`);
    }
  } finally {
    await db.$disconnect();
  }
}

function parse<T extends z.ZodType>(schema: T, values: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  return result.data;
}

async function requireLocation(db: ReturnType<typeof createPrismaClient>, id: string) {
  if (!(await db.location.findUnique({ where: { id }, select: { id: true } }))) throw new UsageError(`No location with id ${id}.`);
}

main(process.argv.slice(2)).then(
  (out) => console.log(JSON.stringify(out, null, 2)),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    // A refusal of the service (last admin, unknown member…) carries its code for scripts.
    const code = isAppError(error) ? { code: error.code } : {};
    console.error(JSON.stringify({ error: error instanceof Error ? error.message : String(error), ...code }));
    if (usage) console.error(USAGE);
    process.exit(usage ? 2 : 1);
  },
);
