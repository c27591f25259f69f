import { json } from "@/lib/api/responses";

// Unknown API paths answer JSON like every other API error, not the HTML 404 page.
function notFound() {
  return json(404, { error: { code: "not_found", message: "No such API route. See SPEC §3 for the routes of /api/v1." } });
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
