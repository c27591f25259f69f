// What the build under test serves, read from the file system and the build's own manifest, so a
// test over "every route" or "every server action" cannot miss one added later.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Every app/api/v1/**\/route.ts, as its file and its URL with `[param]` segments filled in. */
export function apiRouteFiles(fill: (param: string) => string = () => "x"): { file: string; url: string }[] {
  const root = "app/api/v1";
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => {
      const dir = path.dirname(f) === "." ? "" : `/${path.dirname(f).split(path.sep).join("/")}`;
      // [param], [...param] and [[...param]] (an optional catch-all) alike.
      const url = `/api/v1${dir}`.replace(/\[\[?(?:\.\.\.)?(\w+)\]?\]/g, (_, name: string) => fill(name));
      return { file: `${root}/${f.split(path.sep).join("/")}`, url };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The methods a route really serves, from its OPTIONS answer (Next.js lists the exported ones). */
export async function servedMethods(baseURL: string, url: string): Promise<HttpMethod[]> {
  const response = await fetch(`${baseURL}${url}`, { method: "OPTIONS" });
  const allow = (response.headers.get("allow") ?? "").split(",").map((m) => m.trim());
  return HTTP_METHODS.filter((m) => allow.includes(m));
}

/** Every exported function of every file whose first statement is "use server". */
export function serverActionExports(roots = ["app", "lib", "components"]): { file: string; name: string }[] {
  const found: { file: string; name: string }[] = [];
  for (const root of roots) {
    for (const f of readdirSync(root, { recursive: true }) as string[]) {
      if (!/\.(ts|tsx)$/.test(f) || f.includes("generated")) continue;
      const file = `${root}/${f.split(path.sep).join("/")}`;
      const source = readFileSync(file, "utf8");
      if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(source)) continue;
      for (const m of source.matchAll(/^export\s+(?:const|let|async\s+function|function)\s+(\w+)/gm)) found.push({ file, name: m[1] });
      for (const m of source.matchAll(/^export\s*\{([^}]*)\}/gm)) {
        for (const part of m[1].split(",")) {
          const name = part
            .trim()
            .split(/\s+as\s+/)
            .pop();
          if (name) found.push({ file, name });
        }
      }
    }
  }
  return found.sort((a, b) => `${a.file}#${a.name}`.localeCompare(`${b.file}#${b.name}`));
}

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/** The build's server actions: id, source file, export name and a page that registers it. */
export function builtServerActions(): { id: string; file: string; name: string; page: string }[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((w) => w.startsWith("app/") && w.endsWith("/page")) ?? Object.keys(entry.workers)[0];
    return {
      id,
      file: entry.filename ?? "?",
      name: entry.exportedName ?? "?",
      page: worker.replace(/^app/, "").replace(/\/page$/, "") || "/",
    };
  });
}

/**
 * Calls a server action the way the browser does: POST to a page that registers it, with the
 * action id in `Next-Action` and the arguments serialized as JSON. Answers next-safe-action's
 * result object ({ data } | { serverError } | { validationErrors }), parsed from the RSC reply.
 */
export async function callServerAction(
  baseURL: string,
  action: { id: string; page: string },
  pageParams: Record<string, string>,
  input: unknown,
  cookie?: string,
) {
  const page = action.page.replace(/\[(\w+)\]/g, (_, name: string) => pageParams[name] ?? "x");
  const response = await fetch(`${baseURL}${page}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      "next-action": action.id,
      origin: baseURL,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify([input]),
  });
  const text = await response.text();
  return { status: response.status, text, result: actionResult(text) };
}

function actionResult(text: string): { data?: unknown; serverError?: string; validationErrors?: unknown } | null {
  // The RSC reply is "0:{…}\n1:{…}\n": the action's return value is the row the first one points at.
  for (const line of text.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json) as Record<string, unknown>;
      if ("data" in value || "serverError" in value || "validationErrors" in value) return value;
    } catch {
      // not JSON: another row kind
    }
  }
  return null;
}
