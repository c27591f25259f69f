import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** For `.catch` on a use case in a page: its not_found (no such id in this location) is the page's 404. */
export function notFoundOnMissing(error: unknown): never {
  if (isAppError(error) && error.code === "not_found") notFound();
  throw error;
}
