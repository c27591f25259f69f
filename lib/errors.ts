// Two kinds of errors (STYLE): an AppError is expected and its message is safe to show;
// anything else is logged with a request id and the user sees a generic message.
export type AppErrorCode = "unauthorized" | "forbidden" | "not_found" | "invalid_request" | "conflict" | "rate_limited" | (string & {});

const STATUS: Record<string, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_request: 400,
  conflict: 409,
  rate_limited: 429,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  /** HTTP headers the API answers with the error (e.g. Retry-After on 429). */
  readonly headers?: Record<string, string>;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? STATUS[code] ?? 422;
    this.details = options.details;
    this.headers = options.headers;
  }
}

/** One refused input field: where (a dotted path, "" for the whole input) and why, for people. */
export type Issue = { path: string; message: string };

/**
 * Input that does not satisfy the contract (SPEC §3's 400 `invalid_request` with `issues`), raised
 * by services and boundaries alike: the API answers it as is, the dashboard shows the message.
 */
export function invalidRequest(issues: Issue[], message = "The request is not valid."): AppError {
  return new AppError("invalid_request", message, { status: 400, details: { issues } });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Logs an unexpected error and returns the id the user can quote to support. */
export function logUnexpected(error: unknown, context: string): string {
  const requestId = crypto.randomUUID().slice(0, 8);
  console.error(`[${requestId}] ${context}:`, error);
  return requestId;
}
