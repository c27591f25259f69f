// Offline migration SQL from Prisma's own schema engine, compiled to WebAssembly, for both
// providers. The Prisma CLI downloads a native engine binary, which cannot be fetched here
// (docs/decisions/002-offline-migrations.md). Dev tooling only: never imported by the app.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createScratchDatabase, scratchServerUrl } from "@/lib/db/scratch-database";

export type Provider = "sqlite" | "postgresql";

/** Where each provider's schema and migration history live (one model, two folders). */
export const LAYOUT: Record<Provider, { schema: string; migrations: string }> = {
  sqlite: { schema: path.resolve("prisma/schema.prisma"), migrations: path.resolve("prisma/migrations") },
  postgresql: { schema: path.resolve("prisma/postgres/schema.prisma"), migrations: path.resolve("prisma/postgres/migrations") },
};

/**
 * SQL that brings a database built from the provider's migrations up to its schema ("" when in
 * sync). The engine replays the migrations on a shadow database to learn the "from" side: an
 * in-memory SQLite database, or for PostgreSQL a scratch database on `serverUrl` (dropped after).
 */
export async function diffMigrationsToSchema(provider: Provider = "sqlite", serverUrl = scratchServerUrl()): Promise<string> {
  const { schema: schemaPath, migrations } = LAYOUT[provider];
  const schema = await readFile(schemaPath, "utf8");
  const session = provider === "sqlite" ? sqliteFactory() : postgresFactory(serverUrl);
  const bindings = await loadBindings();
  let free = () => {};
  try {
    const engine = await bindings.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, log, bind(session.factory, session.errors));
    free = () => engine.free();
    const list = await migrationList(migrations);
    const result = await engine
      .diff({
        from: list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" },
        to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      })
      .catch((error: unknown) => {
        // The engine only knows "External error id#N": name the JavaScript error behind it.
        throw new Error(
          `schema engine (${provider}): ${String(error)}${session.errors.length ? `: ${String(session.errors.at(-1))}` : ""}`,
          { cause: error },
        );
      });
    const sql: string = result.stdout ?? "";
    return isEmptyMigration(sql) ? "" : sql;
  } finally {
    free();
    await session.close();
  }
}

type Factory = { provider: string; adapterName: string; connect(): Promise<object>; connectToShadowDb(): Promise<object> };

function sqliteFactory() {
  return { factory: new PrismaBetterSqlite3({ url: ":memory:" }) as Factory, errors: [] as unknown[], close: async () => {} };
}

/**
 * PrismaPg's own connectToShadowDb names the shadow database in a config whose connectionString
 * overrides it (pg parses the string last), and drops it before closing its pool; so the shadow
 * database comes from our scratch helper, and every pool opened is closed after the diff.
 */
function postgresFactory(serverUrl: string) {
  const cleanups: (() => Promise<void>)[] = [];
  const open = async (url: string, after?: () => Promise<void>) => {
    const pool = new pg.Pool({ connectionString: url, max: 2, Client: CatalogClient });
    const adapter = await new PrismaPg(pool).connect();
    const dispose = once(async () => {
      await pool.end();
      await after?.();
    });
    cleanups.push(dispose);
    // PrismaPg's executeScript splits on every ";", which cuts plpgsql bodies apart; one
    // simple-protocol query runs a whole migration file as PostgreSQL itself parses it.
    const executeScript = async (script: string) => void (await pool.query(script));
    return Object.assign(adapter, { dispose, executeScript });
  };
  const factory: Factory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => open(serverUrl),
    connectToShadowDb: async () => {
      const shadow = await createScratchDatabase("shadow", serverUrl);
      return open(shadow.url, shadow.drop);
    },
  };
  return { factory, errors: [] as unknown[], close: async () => void (await Promise.all(cleanups.map((c) => c()))) };
}

/**
 * The engine's catalog queries return pg_constraint.contype, of PostgreSQL's one-byte "char"
 * type (oid 18), which @prisma/adapter-pg 7.10 has no column type for (UnsupportedNativeDataType).
 * pg already parses it as a string: this client labels it text (oid 25) so the adapter passes it on.
 */
class CatalogClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last === "function") {
        return query(...args.slice(0, -1), (error: unknown, result: unknown) => last(error, result && charAsText(result)));
      }
      const out = query(...args);
      return out instanceof Promise ? out.then(charAsText) : out;
    }) as pg.Client["query"];
  }
}

function charAsText<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as pg.QueryResult).fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
  }
  return result;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The engine speaks Prisma's bound-adapter contract (@prisma/driver-adapter-utils `bindAdapter`):
 * every method returns a Result instead of throwing, and `getConnectionInfo` returns it
 * synchronously. Handed a Promise there (as a blanket async wrapper does), the engine reads
 * `.value` off the Promise and stops with "Cannot read properties of undefined (reading 'valueOf')".
 * SQLite's adapter has no getConnectionInfo, which is why only PostgreSQL hit it.
 */
function bind<T extends object>(target: T, errors: unknown[]): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop);
      if (typeof value !== "function") return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (prop === "getConnectionInfo") return (...args: unknown[]) => settle(errors, () => fn.apply(obj, args));
      return async (...args: unknown[]): Promise<Result> => {
        const result = await settleAsync(errors, () => callAdapter(obj, prop, fn, args));
        // Adapters and transactions the factory returns must speak the same contract.
        if (result.ok && result.value && typeof result.value === "object" && "queryRaw" in result.value) {
          return { ok: true, value: bind(result.value, errors) };
        }
        return result;
      };
    },
  });
}

function settle(errors: unknown[], run: () => unknown): Result {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return failure(errors, error);
  }
}

async function settleAsync(errors: unknown[], run: () => unknown): Promise<Result> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return failure(errors, error);
  }
}

/** A DriverAdapterError carries a typed cause the engine understands; anything else is GenericJs. */
function failure(errors: unknown[], error: unknown): Result {
  if (process.env.DEBUG_SCHEMA_ENGINE) console.error("adapter error", error);
  const cause = (error as { name?: string; cause?: unknown })?.cause;
  if ((error as { name?: string })?.name === "DriverAdapterError" && typeof cause === "object") return { ok: false, error: cause };
  errors.push(error);
  return { ok: false, error: { kind: "GenericJs", id: errors.length - 1 } };
}

/** The engine applies whole migration files through executeRaw; better-sqlite3 runs one statement per call. */
async function callAdapter(obj: object, prop: string | symbol, fn: (...a: unknown[]) => unknown, args: unknown[]) {
  const sql = (args[0] as { sql?: string } | undefined)?.sql;
  const script = obj as { executeScript?: (s: string) => Promise<void> };
  if (prop === "executeRaw" && sql && script.executeScript && sql.trim().replace(/;\s*$/, "").includes(";")) {
    await script.executeScript(sql);
    return 0;
  }
  return fn.apply(obj, args);
}

// One instance per process: the wasm-bindgen glue caches views of the instance's memory, so a
// second instantiation behind the same module would leave them pointing at the old one.
let bindingsPromise: ReturnType<typeof instantiate> | undefined;
function loadBindings() {
  return (bindingsPromise ??= instantiate());
}

async function instantiate() {
  const pkgDir = path.resolve("node_modules/@prisma/schema-engine-wasm");
  const bindings = await import(path.join(pkgDir, "schema_engine_bg.js"));
  const wasmBytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bindings;
}

function log(line: string) {
  if (process.env.DEBUG_SCHEMA_ENGINE) console.error(line);
}

async function migrationList(dir: string) {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^\d+_/.test(n)).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: await readFile(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lock = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  return { baseDir: dir, lockfile: { path: "migration_lock.toml", content: lock }, shadowDbInitScript: "", migrationDirectories };
}

function isEmptyMigration(sql: string) {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
