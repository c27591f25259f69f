import "server-only";
import { headers } from "next/headers";
import { appOrigin } from "@/lib/api/app-origin";

/**
 * The origin this page was called on, as the API routes see theirs (lib/api/app-origin: the public
 * URL when configured, else the Host header or a trusted proxy's): the inbound URLs an admin copies
 * from the dashboard are the ones the API shows.
 */
export async function requestOrigin(): Promise<string> {
  return appOrigin(new Request("http://localhost/", { headers: await headers() }));
}
