import type { TeamOption } from "@/lib/dashboard/team-options";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RoleBadge } from "@/components/app-shell/location-switcher";

export function MembersCard({ members }: { members: TeamOption[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Members</CardTitle>
        <CardDescription>Add people with <code className="break-all font-mono text-xs">npm run cli -- user add --location … --role agent</code>.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2">
          {members.map((m) => (
            <li key={m.id} className="flex items-center justify-between gap-2 text-sm">
              <span className="min-w-0 truncate"><span className="font-medium">{m.name}</span> <span className="text-xs text-muted-foreground">{m.email}</span></span>
              <RoleBadge role={m.role} />
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
