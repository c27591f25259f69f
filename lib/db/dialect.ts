// Which database a URL names. The app runs on either (SPEC §5): SQLite through better-sqlite3 as
// the embedded default, PostgreSQL 15+ through pg for scale-out. Pure: no "server-only", the
// scripts and tests use it too.
export type Dialect = "sqlite" | "postgres";

export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  return "sqlite";
}

/** Absolute path of a SQLite database named by `file:…` (or by a bare path). */
export function sqliteFileOf(url: string): string {
  const file = url.startsWith("file:") ? url.slice("file:".length) : url;
  return file.startsWith("/") ? file : `${process.cwd()}/${file.replace(/^\.\//, "")}`;
}

/** A URL safe to print: the password of a PostgreSQL URL is masked. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, "$1:***@");
}
