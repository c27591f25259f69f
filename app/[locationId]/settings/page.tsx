import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { can } from "@/lib/domain";
import { membersOnAppDb } from "@/lib/members/app-db";
import { getSettings } from "@/lib/settings/get-settings";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { type LocationPageProps, loadLocationPage } from "../load-page";
import { ApiKeysCard } from "./api-keys-card";
import { MembersCard } from "./members-card";
import { PacingDefaultsCard } from "./pacing-defaults-card";
import { RoutingPoliciesCard } from "./routing-policies-card";
import { SettingsForm } from "./settings-form";
import { WebhookLog } from "./webhook-log";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage(props: LocationPageProps) {
  const { locationId, member } = await loadLocationPage(props);
  const admin = can(member.role, "manageSettings");
  const [settings, keys, deliveries, members] = await Promise.all([
    getSettings({ ctx: member }),
    admin ? listApiKeys({ ctx: member }) : [],
    admin ? listWebhookDeliveries({ ctx: member, take: 20 }) : [],
    membersOnAppDb.list({ ctx: member }),
  ]);
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          admin
            ? "Rotation, warming, health, webhooks, API keys and members of this location."
            : "Read-only: settings, webhooks and API keys are managed by location admins."
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="grid h-fit grid-cols-1 gap-6">
          <SettingsForm
            locationId={locationId}
            settings={{ ...settings, webhookSecret: admin ? settings.webhookSecret : null }}
            editable={admin}
          />
          <PacingDefaultsCard locationId={locationId} pacing={settings.pacing} editable={admin} />
          <RoutingPoliciesCard locationId={locationId} policies={settings} editable={admin} />
        </div>
        <div className="grid h-fit grid-cols-1 gap-6">
          {admin && <ApiKeysCard locationId={locationId} keys={keys} />}
          {admin && <WebhookLog deliveries={deliveries} />}
          <MembersCard locationId={locationId} members={members} editable={admin} currentUserId={member.user.id} />
        </div>
      </div>
    </>
  );
}
