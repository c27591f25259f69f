import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

/** A page header's link to the Settings section (`#section`) where what the page shows is changed; pages offer it to admins. */
export function SettingsLink({
  locationId,
  section,
  icon: Icon,
  label,
}: {
  locationId: string;
  section: string;
  icon: LucideIcon;
  label: string;
}) {
  return (
    <Button asChild variant="outline">
      <Link href={`/${locationId}/settings#${section}`}>
        <Icon aria-hidden />
        {label}
      </Link>
    </Button>
  );
}
