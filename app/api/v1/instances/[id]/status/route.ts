import { apiRoute, otherMethods } from "@/lib/api/handler";
import { statusReportSchema } from "@/lib/instances/instance.schema";
import { reportInstanceStatus } from "@/lib/instances/report-instance-status";

// A gateway's status report. API keys hold admin rights, so one may reset a banned instance.
export const POST = apiRoute({ body: statusReportSchema }, async ({ ctx, params, body }) => {
  const result = await reportInstanceStatus({ ctx, instanceId: params.id, report: body, source: "gateway", admin: true });
  const headers: Record<string, string> = result.applied ? {} : { "x-status-report": `ignored; reason=${result.ignored}` };
  return { status: 200, body: result.instance, headers };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
