"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { actionErrors } from "@/components/common/action-result";
import { CopyButton } from "@/components/common/copy-button";
import { FieldError } from "@/components/common/field-error";
import { FormField } from "@/components/common/form-field";
import { OptionSelect } from "@/components/common/option-select";
import { useFormAction } from "@/components/common/use-form-action";
import { GATEWAY_KIND_LABELS, type GatewayChoice, GatewayKindBadge } from "@/components/instances/gateway-kind-badge";
import { StatusBadge } from "@/components/instances/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { TWILIO_API_URL } from "@/lib/gateways/gateway.schema";
import type { GatewayKind } from "@/lib/gateways/types";
import type { LiveInstanceView } from "@/lib/instances/list-instances";
import { saveGatewaySchema } from "../instances.schema";
import { saveGatewayAction, testGatewayAction } from "../mutations";

type Gateway = LiveInstanceView["gateway"];
type Props = { locationId: string; instanceId: string; gateway: Gateway; editable: boolean };

/**
 * Where each gateway takes the inbound URL (docs/gateways.md: §2 our webhook kind; §3.3 Evolution
 * `POST /webhook/set/{instance}`; §4.3 WAHA `config.webhooks[]`; §5.3 BlueBubbles webhooks; §6.4
 * Twilio's per-number incoming webhook, status callbacks set on each send).
 */
const PASTE_HINTS: Record<GatewayKind, string> = {
  webhook: "Your gateway POSTs instance.status, message.delivery and message.inbound events to this URL.",
  evolution:
    "Set it as the instance's webhook (POST /webhook/set/{instance}) with CONNECTION_UPDATE, QRCODE_UPDATED, MESSAGES_UPSERT and MESSAGES_UPDATE.",
  waha: "Add it to the session's config.webhooks with the events session.status, message and message.ack.",
  bluebubbles: "Add it as a webhook in the BlueBubbles server (API & Webhooks) for new-message, updated-message and message-send-error.",
  twilio: "Paste it as the phone number's incoming-message webhook in Twilio; delivery callbacks are set on each send.",
};

/** The credential each kind takes (SPEC §3 PATCH /instances/{id}). */
const CREDENTIAL: Record<GatewayKind, { name: "secret" | "apiKey" | "password" | "authToken"; label: string }> = {
  webhook: { name: "secret", label: "Signing secret (optional)" },
  evolution: { name: "apiKey", label: "API key" },
  waha: { name: "apiKey", label: "API key" },
  bluebubbles: { name: "password", label: "Server password" },
  twilio: { name: "authToken", label: "Auth token" },
};

export function GatewayCard({ locationId, instanceId, gateway, editable }: Props) {
  const router = useRouter();
  const [kind, setKind] = useState<GatewayChoice>(gateway?.kind ?? "none");
  const [url, setUrl] = useState(gateway?.kind === "twilio" && gateway.url === TWILIO_API_URL ? "" : (gateway?.url ?? ""));
  const [provider, setProvider] = useState(gateway?.instance ?? gateway?.session ?? gateway?.accountSid ?? "");
  const [credential, setCredential] = useState("");
  const save = useFormAction(saveGatewayAction, saveGatewaySchema, {
    onSuccess: () => {
      toast.success(kind === "none" ? "Gateway removed: record-only" : "Gateway saved");
      setCredential("");
      test.reset();
      router.refresh();
    },
  });
  const test = useAction(testGatewayAction);
  const { errors } = save;
  const stored = gateway !== null && gateway.kind === kind && gateway.hasCredentials;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    save.submit({ locationId, instanceId, gateway: gatewayInput(kind, url, provider, credential) });
  }

  if (!editable) return <ReadOnlyGateway gateway={gateway} />;
  const credentialField = kind === "none" ? null : CREDENTIAL[kind];
  const credentialError = credentialField
    ? (errors[`gateway.credentials.${credentialField.name}`] ?? errors["gateway.credentials"])
    : undefined;
  const shownErrors = [
    errors["gateway.url"],
    errors["gateway.instance"],
    errors["gateway.session"],
    errors["gateway.accountSid"],
    credentialError,
  ];
  const testErrors = actionErrors(test);

  return (
    <Card data-testid="gateway-card">
      <CardHeader>
        <CardTitle>Gateway</CardTitle>
        <CardDescription>How this number&apos;s messages leave and how its status and replies come back.</CardDescription>
        <CardAction>
          <GatewayKindBadge kind={gateway?.kind ?? null} />
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Gateway connection">
          <FormField id="gateway-kind" label="Kind">
            {(control) => (
              <OptionSelect
                {...control}
                className="w-full"
                value={kind}
                onValueChange={(next) => {
                  // Another kind's provider field and credential mean nothing to this one.
                  setKind(next);
                  setProvider(next === gateway?.kind ? (gateway.instance ?? gateway.session ?? gateway.accountSid ?? "") : "");
                  setCredential("");
                  save.reset();
                }}
                options={Object.entries(GATEWAY_KIND_LABELS).map(([value, label]) => [value as GatewayChoice, label] as const)}
              />
            )}
          </FormField>
          {kind === "none" ? (
            <p className="text-sm text-muted-foreground">
              Record-only: a message routed to this number is marked sent at once and an outside system delivers it.
            </p>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                id="gateway-url"
                label={kind === "twilio" ? "API URL (optional)" : "URL"}
                error={errors["gateway.url"]}
                className="sm:col-span-2"
                hint={kind === "twilio" ? "Empty: Twilio's API. Set it for a provider that speaks Twilio's API." : undefined}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="url"
                    value={url}
                    onChange={(e) => setUrl(e.target.value)}
                    placeholder={kind === "twilio" ? TWILIO_API_URL : "https://gateway.example.com"}
                  />
                )}
              </FormField>
              {kind === "evolution" && (
                <FormField id="gateway-instance" label="Evolution instance name" error={errors["gateway.instance"]}>
                  {(control) => (
                    <Input {...control} value={provider} onChange={(e) => setProvider(e.target.value)} placeholder="acme-orders" />
                  )}
                </FormField>
              )}
              {kind === "waha" && (
                <FormField id="gateway-session" label="WAHA session" error={errors["gateway.session"]}>
                  {(control) => <Input {...control} value={provider} onChange={(e) => setProvider(e.target.value)} placeholder="default" />}
                </FormField>
              )}
              {kind === "twilio" && (
                <FormField id="gateway-account-sid" label="Account SID" error={errors["gateway.accountSid"]}>
                  {(control) => (
                    <Input
                      {...control}
                      value={provider}
                      onChange={(e) => setProvider(e.target.value)}
                      placeholder="AC…"
                      className="font-mono"
                    />
                  )}
                </FormField>
              )}
              {credentialField && (
                <FormField
                  id="gateway-credential"
                  label={credentialField.label}
                  error={credentialError}
                  hint={stored ? "Stored — leave empty to keep." : "Write-only: never shown again once saved."}
                >
                  {(control) => (
                    <Input
                      {...control}
                      type="password"
                      autoComplete="new-password"
                      value={credential}
                      onChange={(e) => setCredential(e.target.value)}
                      placeholder={stored ? "•••••••• stored" : ""}
                    />
                  )}
                </FormField>
              )}
            </div>
          )}
          {errors._form && !shownErrors.some(Boolean) && <FieldError id="gateway-form-error" message={errors._form} />}
          <Button type="submit" disabled={save.isPending} className="w-fit">
            Save gateway
          </Button>
        </form>
        {gateway && <InboundUrl gateway={gateway} />}
        {gateway && (
          <div className="grid gap-2 border-t pt-4">
            <div className="flex flex-wrap items-center gap-3">
              <Button
                type="button"
                variant="outline"
                size="sm"
                disabled={test.isPending}
                onClick={() => test.execute({ locationId, instanceId })}
              >
                {test.isPending ? "Testing…" : "Test connection"}
              </Button>
              <span className="text-xs text-muted-foreground">Asks the saved gateway whether it answers.</span>
            </div>
            {test.result.data && <TestAnswer answer={test.result.data} />}
            {testErrors._form && <FieldError id="gateway-test-error" message={testErrors._form} />}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

type Answer = { ok: boolean; httpStatus: number | null; detail: string; instanceStatus?: { status: string; reason: string | null } };

function TestAnswer({ answer }: { answer: Answer }) {
  return (
    <div
      role="status"
      data-testid="gateway-test-answer"
      className={`grid gap-1.5 rounded-md border p-3 text-sm ${answer.ok ? "border-success/30 bg-success/5" : "border-destructive/30 bg-destructive/5"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={answer.ok ? "success" : "destructive"}>{answer.ok ? "OK" : "Not OK"}</Badge>
        <span className="font-mono text-xs">{answer.httpStatus === null ? "no HTTP answer" : `HTTP ${answer.httpStatus}`}</span>
        {answer.instanceStatus && (
          <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
            reports <StatusBadge status={answer.instanceStatus.status} reason={answer.instanceStatus.reason} />
          </span>
        )}
      </div>
      <p className="break-words text-xs text-muted-foreground">{answer.detail}</p>
    </div>
  );
}

function InboundUrl({ gateway }: { gateway: NonNullable<Gateway> }) {
  if (!gateway.inboundUrl) return null;
  return (
    <div className="grid gap-1.5">
      <p className="text-sm font-medium" id="inbound-url-label">
        Inbound URL
      </p>
      <div className="flex items-center gap-2">
        <Input readOnly value={gateway.inboundUrl} aria-labelledby="inbound-url-label" className="font-mono text-xs" />
        <CopyButton value={gateway.inboundUrl} label="Copy inbound URL" />
      </div>
      <p className="text-xs text-muted-foreground">{PASTE_HINTS[gateway.kind]}</p>
    </div>
  );
}

function ReadOnlyGateway({ gateway }: { gateway: Gateway }) {
  const provider = gateway?.instance ?? gateway?.session ?? gateway?.accountSid;
  const providerLabel = gateway?.kind === "evolution" ? "Instance" : gateway?.kind === "waha" ? "Session" : "Account SID";
  return (
    <Card data-testid="gateway-card">
      <CardHeader>
        <CardTitle>Gateway</CardTitle>
        <CardDescription>Read-only: location admins connect gateways.</CardDescription>
        <CardAction>
          <GatewayKindBadge kind={gateway?.kind ?? null} />
        </CardAction>
      </CardHeader>
      <CardContent>
        {gateway ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Kind</dt>
            <dd>{GATEWAY_KIND_LABELS[gateway.kind]}</dd>
            <dt className="text-muted-foreground">URL</dt>
            <dd className="break-all font-mono text-xs">{gateway.url}</dd>
            {provider !== undefined && (
              <>
                <dt className="text-muted-foreground">{providerLabel}</dt>
                <dd className="font-mono text-xs">{provider}</dd>
              </>
            )}
            <dt className="text-muted-foreground">Credentials</dt>
            <dd>{gateway.hasCredentials ? "Stored" : "None"}</dd>
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground">
            Record-only: messages are marked sent at once and an outside system delivers them.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

/** The form's fields as the API's `gateway` (null: record-only); empty credentials are left out (kept). */
function gatewayInput(kind: GatewayChoice, url: string, provider: string, credential: string) {
  if (kind === "none") return null;
  const credentials = credential.trim() ? { credentials: { [CREDENTIAL[kind].name]: credential } } : {};
  switch (kind) {
    case "evolution":
      return { kind, url, instance: provider, ...credentials };
    case "waha":
      return { kind, url, session: provider, ...credentials };
    case "twilio":
      return { kind, ...(url.trim() ? { url } : {}), accountSid: provider, ...credentials };
    default:
      return { kind, url, ...credentials };
  }
}
