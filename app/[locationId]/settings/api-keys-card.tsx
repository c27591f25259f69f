"use client";

import { KeyRoundIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { actionErrors, refusalMessage, unwrap } from "@/components/common/action-result";
import { FieldError } from "@/components/common/field-error";
import { shortDateTime } from "@/components/common/format";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

type Key = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string | Date;
  lastUsedAt: string | Date | null;
  revokedAt: string | Date | null;
};

export function ApiKeysCard({ locationId, keys }: { locationId: string; keys: Key[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useAction(createApiKeyAction, {
    onSuccess: ({ data: key }) => {
      setCreated(key.key);
      formRef.current?.reset();
      router.refresh();
    },
  });
  const createErrors = actionErrors(create);
  const error = createErrors.name ?? createErrors._form;
  const revoke = useAction(revokeApiKeyAction, {
    onSuccess: () => {
      toast.success("Key revoked");
      router.refresh();
    },
    onError: ({ error }) => toast.error("Could not revoke", { description: refusalMessage(error) }),
  });

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.execute({ locationId, name: String(new FormData(event.currentTarget).get("name") ?? "") });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>API keys</CardTitle>
        <CardDescription>Each key acts in this location with admin rights over configuration. A new key is shown once.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {created && (
          <div role="status" className="grid gap-1 rounded-md border border-success/40 bg-success/10 p-3 text-sm">
            <span className="font-medium">Copy this key now — it will not be shown again.</span>
            <code className="break-all font-mono text-xs" data-testid="new-api-key">
              {created}
            </code>
          </div>
        )}
        <form ref={formRef} onSubmit={onCreate} className="flex items-end gap-2">
          <div className="grid flex-1 gap-1.5">
            <Label htmlFor="key-name">New key name</Label>
            <Input id="key-name" name="name" placeholder="CRM workflow" aria-invalid={!!error} aria-describedby="key-name-error" />
          </div>
          <Button type="submit" disabled={create.isPending}>
            <KeyRoundIcon aria-hidden />
            Create key
          </Button>
        </form>
        <FieldError id="key-name-error" message={error} />
        <ul className="grid gap-2">
          {keys.map((k) => (
            <li key={k.id} className="flex items-center justify-between gap-2 text-sm">
              <span className="min-w-0">
                <span className="font-medium">{k.name}</span> <code className="font-mono text-xs text-muted-foreground">{k.prefix}…</code>
                <span className="block text-xs text-muted-foreground">
                  Created {shortDateTime(k.createdAt)}
                  {k.lastUsedAt ? ` · used ${shortDateTime(k.lastUsedAt)}` : " · never used"}
                </span>
              </span>
              {k.revokedAt ? (
                <Badge variant="secondary">Revoked</Badge>
              ) : (
                <ConfirmDialog
                  trigger={
                    <Button variant="outline" size="sm">
                      Revoke
                    </Button>
                  }
                  title={`Revoke “${k.name}”?`}
                  description="Requests with this key are refused (401) at once. This cannot be undone."
                  confirmLabel="Revoke key"
                  // unwrap throws on a refusal: the dialog stays open to retry (the toast says why).
                  onConfirm={async () => unwrap(await revoke.executeAsync({ locationId, keyId: k.id }))}
                />
              )}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
