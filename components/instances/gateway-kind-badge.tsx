import { Badge } from "@/components/ui/badge";
import type { GatewayKind } from "@/lib/gateways/types";

export type GatewayChoice = GatewayKind | "none";

/** The kind select's choices and the badges' words (SPEC §1 gateway connection; none = record-only). */
export const GATEWAY_KIND_LABELS: Record<GatewayChoice, string> = {
  none: "None (record-only)",
  webhook: "Our webhook",
  evolution: "Evolution API",
  waha: "WAHA",
  bluebubbles: "BlueBubbles",
  twilio: "Twilio",
};

/** Which gateway delivers a number's messages; "Record-only" when none does. */
export function GatewayKindBadge({ kind, className }: { kind: GatewayKind | null; className?: string }) {
  return (
    <Badge variant={kind ? "info" : "outline"} className={className} data-testid="gateway-kind">
      {kind ? GATEWAY_KIND_LABELS[kind] : "Record-only"}
    </Badge>
  );
}
