import "server-only";
// The one shape of every /api/v1 route: authenticate → parse → call a service → shape the
// response or the error. Route files stay a few lines; business logic lives in lib/<domain>/.
import type { z } from "zod";
import { type ApiContext, authenticate } from "@/lib/api/authenticate";
import { readJsonBody } from "@/lib/api/read-body";
import { errorResponse, invalidRequest, json, zodIssues } from "@/lib/api/responses";

type RouteContext = { params: Promise<Record<string, string>> };

type Args<B, Q> = { request: Request; ctx: ApiContext; body: B; query: Q; params: Record<string, string> };
type Result = Response | { status: number; body: unknown; headers?: HeadersInit };

export function apiRoute<B = undefined, Q = undefined>(
  options: { body?: z.ZodType<B>; query?: z.ZodType<Q> },
  run: (args: Args<B, Q>) => Promise<Result>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const ctx = await authenticate(request);
      const params = await context.params;
      const query = options.query ? parse(options.query, searchParamsObject(request)) : (undefined as Q);
      const body = options.body ? parse(options.body, await readJsonBody(request)) : (undefined as B);
      const result = await run({ request, ctx, body, query, params });
      return result instanceof Response ? result : json(result.status, result.body, result.headers);
    } catch (error) {
      return errorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}

export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidRequest(zodIssues(parsed.error));
  return parsed.data;
}

function searchParamsObject(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (!(key in out)) out[key] = value;
  return out;
}
