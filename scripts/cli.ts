// Operator CLI (SPEC §5): `npm run cli -- <command>`. Works on the configured database, also
// while the app runs (SQLite WAL), and prints JSON on stdout. Bad arguments exit non-zero.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPrismaClient } from "@/lib/db/create-client";
import { migrateDatabase } from "@/lib/db/migrate";
import { roleSchema } from "@/lib/domain";
import { databaseUrl, env } from "@/lib/env";
import { redactUrl } from "@/lib/db/dialect";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import { createLocation, createUser } from "@/lib/seed/factories";

const USAGE = `Usage: npm run cli -- <command>
  location create --name NAME [--country US]
  user add --location ID --email EMAIL --name NAME --role admin|agent|support [--password P]
  apikey create --location ID [--name NAME]
  db migrate
  db seed`;

class UsageError extends Error {}

async function main(argv: string[]) {
  const [group, verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" }, country: { type: "string" }, location: { type: "string" },
      email: { type: "string" }, role: { type: "string" }, password: { type: "string" },
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
        const input = parse(z.object({ name: z.string().trim().min(1).max(120), country: z.string().regex(/^[A-Z]{2}$/, "a two-letter country code like US").default("US") }), values);
        const location = await createLocation(db, { name: input.name, defaultCountry: input.country });
        return { locationId: location.id, apiKey: (await insertApiKey(db, { locationId: location.id })).key };
      }
      case "user add": {
        const input = parse(
          z.object({
            location: z.string().min(1), email: z.string().trim().toLowerCase().email(), name: z.string().trim().min(1).max(120),
            role: roleSchema, password: z.string().min(8, "at least 8 characters").max(200).optional(),
          }),
          values,
        );
        await requireLocation(db, input.location);
        const { user, password } = await createUser(db, { ...input, locationId: input.location });
        return input.password ? { userId: user.id } : { userId: user.id, password };
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
    console.error(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    if (usage) console.error(USAGE);
    process.exit(usage ? 2 : 1);
  },
);
