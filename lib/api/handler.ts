import "server-only";
// The one shape of every /api/v1 route: authenticate → parse → call a service → shape the
// response or the error. Route files stay a few lines; business logic lives in lib/<domain>/.
import { z } from "zod";
import { type ApiContext, authenticate } from "@/lib/api/authenticate";
import { readJsonBody } from "@/lib/api/read-body";
import { errorResponse, json, zodIssues } from "@/lib/api/responses";
import { AppError, invalidRequest } from "@/lib/errors";
import { pathOfNul } from "@/lib/text-input";

type RouteContext = { params: Promise<Record<string, string>> };

type Args<B, Q> = { request: Request; ctx: ApiContext; body: B; query: Q; params: Record<string, string> };
type Result = Response | { status: number; body: unknown; headers?: HeadersInit };

export function apiRoute<B = undefined, Q = undefined>(
  options: { body?: z.ZodType<B>; query?: z.ZodType<Q> },
  run: (args: Args<B, Q>) => Promise<Result>,
) {
  // A route that declares its query parameters refuses others, as bodies refuse unknown fields:
  // a mistyped filter (`?from=` for `?since=`) must not silently answer the unfiltered list.
  const querySchema = options.query instanceof z.ZodObject ? (options.query.strict() as unknown as z.ZodType<Q>) : options.query;
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const ctx = await authenticate(request);
      const params = checkedParams(await context.params);
      const query = querySchema ? parse(querySchema, searchParamsObject(request)) : (undefined as Q);
      const body = options.body ? parse(options.body, await readJsonBody(request)) : (undefined as B);
      const result = await run({ request, ctx, body, query, params });
      return result instanceof Response ? result : json(result.status, result.body, result.headers);
    } catch (error) {
      return errorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidRequest(zodIssues(parsed.error));
  const nul = pathOfNul(parsed.data);
  if (nul !== null) throw invalidRequest([{ path: nul, message: "Contains a NUL character (U+0000): remove it." }]);
  return parsed.data;
}

function searchParamsObject(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (!(key in out)) out[key] = value;
  return out;
}

// Path segments are ids (cuid, uuid) or enum words: anything else names nothing — a 404 before
// any query, so NUL (which PostgreSQL cannot even compare) or bidi characters never reach one.
const PATH_PARAM = /^[A-Za-z0-9_-]{1,64}$/;

/** Could this be an id (cuid, uuid) at all? */
export function isIdLike(value: string): boolean {
  return PATH_PARAM.test(value);
}

/** A route without dynamic segments has no params object at all. */
function checkedParams(params: Record<string, string | string[]> | undefined): Record<string, string> {
  for (const value of Object.values(params ?? {})) {
    if (typeof value === "string" && !isIdLike(value)) throw new AppError("not_found", "Not found: no resource has this id.");
  }
  return (params ?? {}) as Record<string, string>;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: Request) => Response;

/**
 * The methods a route does not serve: each answers 405 method_not_allowed with `Allow` (Next.js's
 * own 405 has no body, and SPEC §3 makes every error JSON), and OPTIONS lists what it serves. Every
 * route file ends with its complement, e.g. for a route with GET and POST:
 *   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
 * (naming a served method there is a type error; forgetting one fails e2e/api/bad-input.spec.ts).
 */
export function otherMethods<S extends Partial<Record<Method, unknown>>>(served: S): Record<Exclude<Method, keyof S> | "OPTIONS", Handler> {
  const has = METHODS.filter((m) => m in served);
  const allow = [...has, ...(has.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const handlers: Record<string, Handler> = {
    // biome-ignore lint/correctness/noComponentHookFactories: OPTIONS is an HTTP method's handler, not a React component.
    OPTIONS: () => new Response(null, { status: 204, headers: { allow } }),
  };
  for (const method of METHODS.filter((m) => !has.includes(m))) {
    handlers[method] = () =>
      json(
        405,
        {
          error: {
            code: "method_not_allowed",
            message: `This route does not take ${method}: it takes ${allow}.`,
            allow: allow.split(", "),
          },
        },
        { allow },
      );
  }
  return handlers as Record<Exclude<Method, keyof S> | "OPTIONS", Handler>;
}
