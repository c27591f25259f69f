// Reads a JSON request body with a size limit, without trusting Content-Length alone.
import { AppError, invalidRequest } from "@/lib/errors";

const MAX_BODY_BYTES = 64 * 1024;

export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readTextBody(request, limit);
  if (text.trim() === "")
    throw invalidRequest([{ path: "", message: "The request body is empty: send a JSON object." }], "Malformed JSON.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest([{ path: "", message: "The request body is not valid JSON." }], "Malformed JSON.");
  }
}

/** The body as text, with the same limit (a gateway's webhook, whose signature covers the raw bytes). */
export async function readTextBody(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  // With a Content-Length the HTTP parser already bounds the body; without one, count as we read.
  return Number.isFinite(declared) ? await request.text() : await readText(request, limit);
}

async function readText(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number) {
  return new AppError("payload_too_large", `The request body is larger than ${limit / 1024} KB.`, { status: 413 });
}
