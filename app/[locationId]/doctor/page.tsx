import { CircleAlertIcon, CircleCheckIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { runDoctor } from "@/lib/doctor/run-doctor";
import { ERROR_CODES } from "@/lib/engine/errors";
import { type LocationPageProps, loadLocationPage } from "../load-page";

export const metadata: Metadata = { title: "Doctor" };

export default async function DoctorPage(props: LocationPageProps) {
  const { locationId } = await loadLocationPage(props);
  const checks = await runDoctor(locationId);
  const problems = checks.filter((c) => !c.ok).length;
  return (
    <>
      <PageHeader
        title="Doctor"
        description={
          problems
            ? `${problems} of ${checks.length} checks found configuration problems — fix them before a message fails.`
            : "Every check passes."
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {checks.map((c) => {
          const info = ERROR_CODES.find((e) => String(e.code) === c.code);
          return (
            <Card key={c.id} data-testid={`doctor-${c.id}`}>
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  {c.ok ? (
                    <CircleCheckIcon className="size-4 text-success" aria-hidden />
                  ) : (
                    <CircleAlertIcon className="size-4 text-warning" aria-hidden />
                  )}
                  {c.title}
                </CardTitle>
                <CardDescription>
                  Would fail with {c.code} {info?.name}. {info?.fix}
                </CardDescription>
                <CardAction>
                  <Badge variant={c.ok ? "success" : "warning"}>{c.summary}</Badge>
                </CardAction>
              </CardHeader>
              {!c.ok && (
                <CardContent>
                  <ul className="grid gap-1.5 text-sm">
                    {c.items.map((item, i) => (
                      <li key={`${item.href}-${i}`} className="flex flex-wrap items-baseline justify-between gap-2">
                        <Link href={`/${locationId}/${item.href}`} className="font-medium text-primary hover:underline">
                          {item.label}
                        </Link>
                        {item.note && <span className="break-all font-mono text-xs text-muted-foreground">{item.note}</span>}
                      </li>
                    ))}
                  </ul>
                  {c.total > c.items.length && <p className="mt-2 text-xs text-muted-foreground">…and {c.total - c.items.length} more.</p>}
                </CardContent>
              )}
            </Card>
          );
        })}
      </div>
    </>
  );
}
