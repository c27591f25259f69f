// One tenant's API (/api/v1) through Playwright's request context, with its key.
import { type APIRequestContext, type APIResponse, expect } from "@playwright/test";

export class Api {
  constructor(
    private request: APIRequestContext,
    readonly key: string,
  ) {}
  private headers(extra?: Record<string, string>) {
    return { authorization: `Bearer ${this.key}`, ...extra };
  }
  get(path: string, headers?: Record<string, string>) {
    return this.request.get(`/api/v1${path}`, { headers: this.headers(headers) });
  }
  post(path: string, data?: unknown, headers?: Record<string, string>) {
    return this.request.post(`/api/v1${path}`, { data: data as object, headers: this.headers(headers) });
  }
  patch(path: string, data?: unknown, headers?: Record<string, string>) {
    return this.request.patch(`/api/v1${path}`, { data: data as object, headers: this.headers(headers) });
  }
  delete(path: string) {
    return this.request.delete(`/api/v1${path}`, { headers: this.headers() });
  }
  /** A raw body (malformed JSON, oversize payloads). */
  raw(method: "POST" | "PATCH", path: string, body: string) {
    return this.request.fetch(`/api/v1${path}`, { method, data: body, headers: this.headers({ "content-type": "application/json" }) });
  }
}

/** An error response of SPEC §3's shape: this status, this code, a message. */
export async function expectError(response: APIResponse, status: number, code: string | number) {
  expect(response.status(), await response.text()).toBe(status);
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}

/** A response with this status: its JSON body. */
export async function expectStatus(response: APIResponse, status: number) {
  expect(response.status(), await response.text()).toBe(status);
  return response.json();
}

/** POST `data` to `path`, answered 201 Created: the created body. */
export async function expectCreated(api: Api, path: string, data: unknown) {
  return expectStatus(await api.post(path, data), 201);
}

/** A 400 invalid_request whose issues name the field at `path`. */
export async function expectInvalid(response: APIResponse, path: string) {
  const body = await expectError(response, 400, "invalid_request");
  expect(body.error.issues).toContainEqual(expect.objectContaining({ path }));
  return body;
}

/** Creates a contact for each `[phone, name]` (each answers 201); then the names `GET /contacts?q=` finds, in its order. */
export async function contactSearch(api: Api, contacts: [phone: string, name: string][]) {
  for (const [phone, name] of contacts) expect((await api.post("/contacts", { phone, name })).status()).toBe(201);
  return async (q: string) =>
    ((await (await api.get(`/contacts?q=${encodeURIComponent(q)}`)).json()).data as { name: string }[]).map((c) => c.name);
}
