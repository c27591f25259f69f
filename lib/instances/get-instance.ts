import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { listInstances } from "@/lib/instances/list-instances";

/** One instance of the location, as listInstances shows it (another location's id is not found). */
export async function getInstance(options: { ctx: ServiceContext; instanceId: string; now?: number; baseUrl?: string }) {
  const { instances, settings } = await listInstances(options);
  if (!instances[0]) throw new AppError("not_found", "Instance not found.");
  return { instance: instances[0], settings };
}
