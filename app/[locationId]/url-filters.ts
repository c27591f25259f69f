import "server-only";
import type { z } from "zod";
import { isAppError } from "@/lib/errors";
import { type LocationPageProps, loadLocationPage } from "./load-page";

type Search = Record<string, string | string[] | undefined>;

/** The props Next gives a location's page whose filters live in its URL. */
export type FilteredPageProps = LocationPageProps & { searchParams: Promise<Search> };

// A page's filters come from its URL, which people share, bookmark and edit by hand: untrusted,
// and never worth an error page. The dashboard's one policy for a value it cannot use — whether
// the schema refuses it (a date that does not exist) or the use case does (a cursor it did not
// write, lib/pagination/cursor) — is to drop that filter only and show the page without it. The
// API refuses the same values with 400 invalid_request instead.

/** A filtered page's start: the location, who asks (loadMember), and the URL's filters that `schema` accepts. */
export async function loadFilteredPage<S extends z.ZodObject>(props: FilteredPageProps, schema: S) {
  return { ...(await loadLocationPage(props)), filters: urlFilters(schema, await props.searchParams) };
}

/** The filters of `search` that `schema` accepts; each field it refuses is dropped. */
function urlFilters<S extends z.ZodObject>(schema: S, search: Search): z.output<S> {
  let raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(search)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) raw[key] = first;
  }
  for (;;) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    if (Object.keys(raw).length === 0) throw parsed.error; // the schema needs a value no URL gives: a bug
    const refused = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
    const kept = Object.fromEntries(Object.entries(raw).filter(([key]) => !refused.has(key)));
    // An issue that names no field of the URL: start from no filters at all.
    raw = Object.keys(kept).length < Object.keys(raw).length ? kept : {};
  }
}

/** Runs a list with the URL's filters; a filter the use case refuses is dropped the same way, once. */
export async function listFromUrl<F extends object, T>(filters: F, list: (filters: F) => Promise<T>): Promise<{ filters: F; result: T }> {
  try {
    return { filters, result: await list(filters) };
  } catch (error) {
    const refused = refusedFields(error).filter((field) => field in filters);
    if (refused.length === 0) throw error;
    const kept = Object.fromEntries(Object.entries(filters).filter(([key]) => !refused.includes(key))) as F;
    return { filters: kept, result: await list(kept) };
  }
}

function refusedFields(error: unknown): string[] {
  if (!isAppError(error) || error.code !== "invalid_request") return [];
  const issues = (error.details?.issues ?? []) as { path: string }[];
  return issues.map((issue) => issue.path);
}
