import "server-only";
// `contains` as SQLite's LIKE answers it (ASCII case-insensitive) on both databases: PostgreSQL
// compares case-sensitively unless asked. The SQLite client's types have no `mode`, hence the cast.
import { dialect } from "@/lib/db/client";

export function containsText(text: string): { contains: string } {
  return (dialect === "postgres" ? { contains: text, mode: "insensitive" } : { contains: text }) as { contains: string };
}
