// Offline migration SQL from Prisma's own schema engine, compiled to WebAssembly.
// The Prisma CLI downloads a native engine binary, which cannot be fetched here
// (docs/decisions/002-offline-migrations.md). Dev tooling only: never imported by the app.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const SCHEMA_PATH = path.resolve("prisma/schema.prisma");

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The engine expects the older adapter contract: every call returns a Result instead of throwing. */
function resultWrapped<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]): Promise<Result> => {
        try {
          const out = await callAdapter(obj, prop, value as (...a: unknown[]) => unknown, args);
          const wrapped = out && typeof out === "object" && !Array.isArray(out) && "executeRaw" in out ? resultWrapped(out) : out;
          return { ok: true, value: wrapped };
        } catch (error) {
          if (process.env.DEBUG_SCHEMA_ENGINE) console.error("adapter error", String(prop), error);
          return { ok: false, error };
        }
      };
    },
  });
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

async function loadEngine(schema: string) {
  const pkgDir = path.resolve("node_modules/@prisma/schema-engine-wasm");
  const bindings = await import(path.join(pkgDir, "schema_engine_bg.js"));
  const wasmBytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  const factory = resultWrapped(new PrismaBetterSqlite3({ url: ":memory:" }));
  return bindings.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
}

async function migrationList() {
  const names = (await readdir(MIGRATIONS_DIR).catch(() => [] as string[])).filter((n) => /^\d+_/.test(n)).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const lock = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: lock },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** SQL that brings a database built from prisma/migrations up to prisma/schema.prisma ("" when in sync). */
export async function diffMigrationsToSchema(): Promise<string> {
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const engine = await loadEngine(schema);
  const list = await migrationList();
  const from = list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" };
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
    script: true,
    shadowDatabaseUrl: null,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const sql: string = result.stdout ?? "";
  return isEmptyMigration(sql) ? "" : sql;
}

function isEmptyMigration(sql: string) {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}
